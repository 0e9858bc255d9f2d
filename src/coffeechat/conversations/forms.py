from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from coffeechat.conversations.access import meetings_for_user
from coffeechat.conversations.invitation_files import MAX_BYTES as INVITATION_MAX_BYTES
from coffeechat.conversations.meetings import MeetingDetails
from coffeechat.conversations.models import GiveBack, KeepInTouch, Meeting, Message, Reflection
from coffeechat.core.forms import TimeZoneField, one_line
from coffeechat.core.params import positive_int
from coffeechat.explore.access import explorations_for_user
from coffeechat.explore.models import Exploration
from coffeechat.lib.phones import InvalidPhone, normalize_phone
from coffeechat.lib.text import name_key

# A date outside these years is a typing slip; a calendar feed could not carry it either.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class MessageForm(forms.Form):
    subject = forms.CharField(max_length=300, required=False, validators=[one_line])
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))
    channel = forms.ChoiceField(
        choices=Message.Channel.choices, initial=Message.Channel.EMAIL, required=False
    )


class MeetingForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = TimeZoneField(initial="UTC", help_text="Type a city or region to search the list.")
    minutes = forms.IntegerField(min_value=5, max_value=240, initial=30, label="Length in minutes")
    place = forms.CharField(max_length=300, required=False)
    video_link = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(max_length=64, required=False)
    exploration = forms.ModelChoiceField(queryset=Exploration.objects.none(), required=False)

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exploration"].queryset = Exploration.objects.filter(owner_id=owner.pk)

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(f"{day:%Y-%m-%d} is not a date for a meeting ({FIRST_YEAR}-{LAST_YEAR}).")
        return day

    @staticmethod
    def initial_new(request: Any) -> dict[str, Any]:
        """A new meeting starts in the exploration the user came from and the zone they used last."""
        last = meetings_for_user(request.user).order_by("-created").first()
        initial: dict[str, Any] = {"time_zone": last.time_zone if last else settings.TIME_ZONE}
        wanted = positive_int(request.GET.get("exploration"))
        if wanted is not None:
            initial["exploration"] = explorations_for_user(request.user).filter(pk=wanted).first()
        return initial

    def starts(self) -> dt.datetime:
        data = self.cleaned_data
        return dt.datetime.combine(data["date"], data["time"], tzinfo=ZoneInfo(data["time_zone"]))

    def details(self) -> MeetingDetails:
        data = self.cleaned_data
        return MeetingDetails(
            starts=self.starts(),
            time_zone=data["time_zone"],
            minutes=data["minutes"],
            place=data["place"],
            video_link=data["video_link"],
            phone=data["phone"],
            exploration=data["exploration"],
        )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        local = meeting.starts.astimezone(ZoneInfo(meeting.time_zone))
        return {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "time_zone": meeting.time_zone,
            "minutes": meeting.minutes,
            "place": meeting.place,
            "video_link": meeting.video_link,
            "phone": meeting.phone,
            "exploration": meeting.exploration,
        }


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = Reflection.USER_FIELDS
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("appealed", "not_appealing", "skills_to_build", "already_bring", "impressions")
        }


class ReferralForm(forms.Form):
    name = forms.CharField(max_length=200)
    title = forms.CharField(max_length=200, required=False)
    organization = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=64, required=False)
    will_introduce = forms.BooleanField(required=False, label="They will introduce me")

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name_key(name):
            raise ValidationError("A name needs at least one letter or digit.")
        return name

    def clean_phone(self) -> tuple[str, str] | None:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return None
        try:
            return raw, normalize_phone(raw, settings.PHONE_REGION)
        except InvalidPhone as exc:
            raise ValidationError(f"{exc}.") from None


class GiveBackForm(forms.ModelForm):
    class Meta:
        model = GiveBack
        fields = ["kind", "on", "note"]
        widgets = {"on": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 2})}
        labels = {"kind": "What you did", "note": "Details"}

    def clean_on(self) -> dt.date:
        day = self.cleaned_data["on"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(f"{day:%Y-%m-%d} is not a date for this ({FIRST_YEAR}-{LAST_YEAR}).")
        return day


class KeepInTouchForm(forms.ModelForm):
    class Meta:
        model = KeepInTouch
        fields = ["every_months", "stopped"]
        labels = {"every_months": "Check in every … months", "stopped": "Stop check-in reminders"}


class SnoozeForm(forms.Form):
    until = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def clean_until(self) -> dt.date:
        day = self.cleaned_data["until"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(f"{day:%Y-%m-%d} is not a date to snooze to.")
        return day


class InvitationForm(forms.Form):
    """A calendar file the user received: the upload, or (when asked whom it is with) the file kept
    in the page as base64 with the person chosen."""

    file = forms.FileField(
        label="Invitation file (.ics)",
        required=False,
        help_text="Save the invitation from your mail or calendar (an .ics file) and add it here.",
        widget=forms.FileInput(attrs={"accept": ".ics,text/calendar"}),
    )
    ics = forms.CharField(required=False, widget=forms.HiddenInput)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload is None:
            return b""
        if upload.size > INVITATION_MAX_BYTES:
            raise ValidationError(f"{upload.name} is {upload.size / 1e6:.1f} MB: more than an invitation.")
        return bytes(upload.read())

    def clean_ics(self) -> bytes:
        try:
            return base64.b64decode(self.cleaned_data["ics"], validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("The invitation was lost on the way; add the file again.") from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not (data.get("file") or data.get("ics")):
            self.add_error("file", "Choose the invitation file (.ics) to add.")
        return data

    def calendar(self) -> bytes:
        return bytes(self.cleaned_data["file"] or self.cleaned_data["ics"])
