from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.core.exceptions import ValidationError

from coffeechat.explore.models import Exploration
from coffeechat.outreach.models import Message, Profile


class ProfileForm(forms.ModelForm):
    resume_url = forms.URLField(
        label="Resume link",
        required=False,
        assume_scheme="https",
        help_text="Shown only if someone asks for it.",
    )

    class Meta:
        model = Profile
        fields = Profile.USER_FIELDS
        widgets = {
            "background": forms.Textarea(attrs={"rows": 3}),
            "hopes": forms.Textarea(attrs={"rows": 3}),
            "pitch": forms.Textarea(attrs={"rows": 3}),
            "signature": forms.Textarea(attrs={"rows": 3}),
        }


class MessageForm(forms.Form):
    subject = forms.CharField(max_length=300, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))
    channel = forms.ChoiceField(
        choices=Message.Channel.choices, initial=Message.Channel.EMAIL, required=False
    )


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=200, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        try:
            body.format_map({})
        except KeyError:
            pass  # placeholders are expected
        except (ValueError, IndexError):
            raise ValidationError("A brace is not closed: write placeholders as {first_name}.") from None
        return body


class MeetingForm(forms.Form):
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.CharField(max_length=64, initial="UTC")
    minutes = forms.IntegerField(min_value=5, max_value=240, initial=30, label="Length in minutes")
    place = forms.CharField(max_length=300, required=False)
    video_link = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(max_length=64, required=False)
    exploration = forms.ModelChoiceField(queryset=Exploration.objects.none(), required=False)

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exploration"].queryset = Exploration.objects.filter(owner_id=owner.pk)

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name not in available_timezones():
            raise ValidationError(
                f"{name!r} is not a time zone; write it like Europe/Berlin or America/Chicago."
            )
        return name

    def starts(self) -> dt.datetime:
        data = self.cleaned_data
        return dt.datetime.combine(data["date"], data["time"], tzinfo=ZoneInfo(data["time_zone"]))
