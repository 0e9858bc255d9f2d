"""Keep each person's search entry current whatever changed them."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from coffeechat.network.models import Organization, Person, Tag
from coffeechat.network.search import refresh_search_entries


@receiver(post_save, sender=Person)
def person_saved(sender: type[Person], instance: Person, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        refresh_search_entries([instance.pk])


@receiver(m2m_changed, sender=Person.tags.through)
def person_tags_changed(sender: Any, instance: Any, action: str, pk_set: Any, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Person):
        refresh_search_entries([instance.pk])
    elif isinstance(instance, Tag):
        refresh_search_entries(instance.people.values_list("pk", flat=True))


@receiver(post_save, sender=Organization)
def organization_saved(
    sender: type[Organization], instance: Organization, raw: bool = False, **kwargs: Any
) -> None:
    if not raw and not kwargs.get("created"):
        refresh_search_entries(instance.people.values_list("pk", flat=True))


@receiver(post_save, sender=Tag)
def tag_saved(sender: type[Tag], instance: Tag, raw: bool = False, **kwargs: Any) -> None:
    if not raw and not kwargs.get("created"):
        refresh_search_entries(instance.people.values_list("pk", flat=True))


# Deleting an organization or a tag changes its people through SET NULL or a cascade that
# sends no post_save, so their entries are refreshed once the row is gone.
@receiver(pre_delete, sender=Organization)
@receiver(pre_delete, sender=Tag)
def remember_people(sender: Any, instance: Organization | Tag, **kwargs: Any) -> None:
    instance._people_to_refresh = list(instance.people.values_list("pk", flat=True))  # type: ignore[union-attr]


@receiver(post_delete, sender=Organization)
@receiver(post_delete, sender=Tag)
def refresh_remembered_people(sender: Any, instance: Organization | Tag, **kwargs: Any) -> None:
    refresh_search_entries(getattr(instance, "_people_to_refresh", []))
