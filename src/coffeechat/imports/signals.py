from typing import Any

from django.dispatch import receiver

from coffeechat.imports.models import ImportReview
from coffeechat.network.merging import person_merged


@receiver(person_merged)
def keep_reviews_on_the_merged_person(sender: Any, keep: Any, duplicate: Any, **kwargs: Any) -> None:
    ImportReview.objects.filter(candidate=duplicate).update(candidate=keep)
