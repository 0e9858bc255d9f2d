from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from coffeechat.imports.models import ColumnMapping, ImportReview, ImportRun

AnyUser = AbstractBaseUser | AnonymousUser


def runs_for_user(user: AnyUser) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(owner_id=user.pk)


def get_run_for_user(user: AnyUser, run_id: int) -> ImportRun:
    return get_object_or_404(runs_for_user(user).select_related("network_of"), pk=run_id)


def get_review_for_user(user: AnyUser, review_id: int) -> ImportReview:
    reviews = ImportReview.objects.filter(run__owner_id=user.pk).select_related("run", "candidate")
    return get_object_or_404(reviews, pk=review_id)


def mappings_for_user(user: AnyUser) -> QuerySet[ColumnMapping]:
    return ColumnMapping.objects.filter(owner_id=user.pk)
