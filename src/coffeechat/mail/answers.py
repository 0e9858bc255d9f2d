"""What the user settles on the mail page after a sync: which request a reply answers (when two
waited and only the address matched), and whether a new address a person replied from is theirs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.shortcuts import get_object_or_404

from coffeechat.conversations.events import Refused, record_event
from coffeechat.conversations.models import Interaction, Message, PipelineEntry
from coffeechat.mail.models import AddressOffer, MailQuestion
from coffeechat.mail.sync import answer_event, conversation_with
from coffeechat.network.models import EmailAddress
from coffeechat.network.search import refresh_search_entries


def questions_for(user: AbstractBaseUser) -> list[MailQuestion]:
    return list(
        MailQuestion.objects.filter(owner_id=user.pk)
        .select_related("person")
        .prefetch_related("requests__exploration")
    )


def offers_for(user: AbstractBaseUser) -> list[AddressOffer]:
    return list(AddressOffer.objects.filter(owner_id=user.pk).select_related("person"))


def waiting_for(user: AbstractBaseUser) -> str:
    """What the Mail page asks of the user, in words for Today ("" when nothing): two counts."""
    questions = MailQuestion.objects.filter(owner_id=user.pk).count()
    offers = AddressOffer.objects.filter(owner_id=user.pk).count()
    said = [
        f"{questions} {'reply' if questions == 1 else 'replies'} to place" if questions else "",
        f"{offers} new {'address' if offers == 1 else 'addresses'} to add" if offers else "",
    ]
    return " and ".join(part for part in said if part)


def question_for_user(user: AbstractBaseUser, pk: int) -> MailQuestion:
    return get_object_or_404(MailQuestion, pk=pk, owner_id=user.pk)


def offer_for_user(user: AbstractBaseUser, pk: int) -> AddressOffer:
    return get_object_or_404(AddressOffer, pk=pk, owner_id=user.pk)


@transaction.atomic
def answer(question: MailQuestion, request: Message | None) -> Interaction | None:
    """The reply answers `request` (one of the question's), or none of them (`None`): then it is
    kept as something they wrote, and no conversation moves. `None` when the question was answered
    meanwhile (a double click): the first answer stands."""
    if MailQuestion.objects.select_for_update().filter(pk=question.pk).first() is None:
        return None
    if request is not None and not question.requests.filter(pk=request.pk).exists():
        raise ValueError("That message is not one this reply could answer.")
    interaction = Interaction.objects.create(
        owner_id=question.owner_id,
        person_id=question.person_id,
        at=question.at,
        channel=Interaction.Channel.EMAIL,
        direction=Interaction.Direction.RECEIVED,
        subject=question.subject,
        text=question.text if request is not None else "",
        source_key=question.source_key,
        reply_to=request,
    )
    if request is not None and request.exploration_id is not None:
        entry = PipelineEntry.objects.filter(
            exploration_id=request.exploration_id,
            person_id=conversation_with(request.kind, request.person_id, request.about_id),
        ).first()
        if entry is not None:
            try:
                with transaction.atomic():
                    event = answer_event(entry.person_id, question.person_id)
                    record_event(entry, event, at=question.at, note=question.subject)
            except Refused:
                pass  # it moved on meanwhile: the reply is on the timeline all the same
    question.delete()
    return interaction


@transaction.atomic
def accept(offer: AddressOffer) -> None:
    """Add the address to the person (once), and forget the offer."""
    if not EmailAddress.objects.filter(person_id=offer.person_id, address_key=offer.address.lower()).exists():
        EmailAddress(person_id=offer.person_id, address=offer.address).save()
        refresh_search_entries([offer.person_id])
    offer.delete()


def dismiss(offer: AddressOffer) -> None:
    offer.delete()
