"""The forms of asking and answering: a request's exploration and message, and the volunteer's yes or
no. They validate; community/requests.py changes the data."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from coffeechat.community.models import VolunteerProfile
from coffeechat.community.requests import DECLINE_ANSWERS, Acceptance
from coffeechat.core import clock
from coffeechat.core.forms import TimeZoneField
from coffeechat.explore.models import Exploration

FIRST_YEAR, LAST_YEAR = 2000, 2100


class AskForm(forms.Form):
    exploration = forms.ModelChoiceField(
        queryset=Exploration.objects.none(),
        empty_label="Choose one of your explorations",
        error_messages={"invalid_choice": "Choose one of your own explorations."},
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=3000,
        help_text="Short, about them, one clear question. It goes with your pitch.",
    )

    def __init__(self, *args: Any, member: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exploration"].queryset = Exploration.objects.filter(owner_id=member.pk).order_by("text")


class AcceptForm(forms.Form):
    answer = forms.CharField(
        label="Times that suit you, or a note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: Tuesday or Thursday after 4 pm, this week or next.",
    )
    use_booking_link = forms.BooleanField(label="Include my booking link", required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = TimeZoneField(initial="UTC", help_text="Type a city or region to search the list.")
    minutes = forms.IntegerField(min_value=10, max_value=120, initial=30, label="Length in minutes")
    way = forms.ChoiceField(choices=[("", "To be agreed"), *VolunteerProfile.Way.choices], required=False)

    def __init__(self, *args: Any, profile: VolunteerProfile, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"time_zone": settings.TIME_ZONE, "use_booking_link": bool(profile.booking_link)}
        )
        super().__init__(*args, **kwargs)
        self.profile = profile
        if not profile.booking_link:
            del self.fields["use_booking_link"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, at = data.get("date"), data.get("time")
        if bool(day) != bool(at):
            raise ValidationError(
                "To set a time, give both the date and the time (or neither, and propose times)."
            )
        if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.add_error("date", f"{day:%Y-%m-%d} is not a date for a meeting.")
        if day and not self.errors and (starts := self._starts()) is not None and starts <= clock.now():
            self.add_error("date", "That time has passed: set one to come, or propose times instead.")
        if not (data.get("answer", "").strip() or data.get("use_booking_link") or day):
            raise ValidationError("Propose a few times, include your booking link, or set a time.")
        return data

    def _starts(self) -> dt.datetime | None:
        data = self.cleaned_data
        if not (data.get("date") and data.get("time") and data.get("time_zone")):
            return None
        return dt.datetime.combine(data["date"], data["time"], tzinfo=ZoneInfo(data["time_zone"]))

    def acceptance(self) -> Acceptance:
        data = self.cleaned_data
        starts = self._starts()
        return Acceptance(
            answer=data.get("answer", ""),
            booking_link=self.profile.booking_link if data.get("use_booking_link") else "",
            starts=starts,
            time_zone=data["time_zone"],
            minutes=data["minutes"],
            way=data.get("way", ""),
        )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Your answer",
        choices=[(key, short) for key, (short, _) in DECLINE_ANSWERS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose one of the answers.",
            "invalid_choice": "Choose one of the answers.",
        },
    )
    note = forms.CharField(
        label="A note of your own (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
