from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coffeechat.explore.models import Exploration

AnyUser = AbstractBaseUser | AnonymousUser


def explorations_for_user(user: AnyUser) -> QuerySet[Exploration]:
    return Exploration.objects.filter(owner_id=user.pk)


def get_exploration_for_user(user: AnyUser, exploration_id: int) -> Exploration:
    return get_object_or_404(explorations_for_user(user), pk=exploration_id)
