"""The volunteer profile form and the directory's search form."""

from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.community.directory import Filters
from coffeechat.community.models import VolunteerProfile
from coffeechat.community.volunteering import LABELS
from coffeechat.core import clock
from coffeechat.core.params import positive_int

FIRST_YEAR = 1940


class VolunteerForm(forms.ModelForm):  # type: ignore[type-arg]
    ways = forms.MultipleChoiceField(
        label="How you like to meet",
        choices=VolunteerProfile.Way.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    shown = forms.MultipleChoiceField(
        label="What members see",
        choices=[(f, LABELS[f]) for f in VolunteerProfile.SHOWABLE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only what you tick is shown in the directory and on your profile, and only it is "
        "searched. Your name is always shown.",
    )

    booking_link = forms.URLField(
        label="Booking link (optional)",
        required=False,
        assume_scheme="https",
        help_text="A scheduling page members may use once you accept. Never shown in the directory.",
    )

    class Meta:
        model = VolunteerProfile
        fields = [*VolunteerProfile.SHOWABLE, "monthly_cap", "paused_until", "booking_link", "shown"]
        labels = {
            "monthly_cap": "Requests a month, at most",
            "paused_until": "Pause until",
        }
        help_texts = {
            "paused_until": "No new requests until this date. Leave it empty to take requests.",
        }
        widgets = {
            "paused_until": forms.DateInput(attrs={"type": "date"}),
            "earlier_roles": forms.Textarea(attrs={"rows": 3}),
            "topics": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_monthly_cap(self) -> int:
        cap = self.cleaned_data["monthly_cap"]
        if cap is None or cap < 1:
            raise forms.ValidationError(
                "A cap of 0 would take no requests at all. To take a break, leave the cap as it is "
                "and pause until a date instead."
            )
        return cap

    def clean_paused_until(self) -> Any:
        until = self.cleaned_data["paused_until"]
        if until is not None and until < clock.localdate():
            raise forms.ValidationError(
                f"{until:%-d %B %Y} has passed: choose a date from today on, "
                "or leave it empty to take requests."
            )
        return until

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        last = clock.localdate().year + 10
        if year is not None and not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(f"A graduation year between {FIRST_YEAR} and {last}, or empty.")
        return year


class DirectoryForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=300)
    industry = forms.CharField(required=False, max_length=100)
    organization = forms.CharField(required=False, max_length=200)
    location = forms.CharField(required=False, max_length=200)
    school = forms.CharField(required=False, max_length=200)
    year = forms.CharField(label="Graduation year", required=False, max_length=4)
    way = forms.ChoiceField(
        label="Meets by", choices=[("", "Any way"), *VolunteerProfile.Way.choices], required=False
    )

    def clean_year(self) -> int | None:
        typed = self.cleaned_data["year"].strip()
        year = positive_int(typed)
        if typed and year is None:
            raise forms.ValidationError("A year, such as 2015.")
        return year

    def filters(self) -> Filters:
        self.is_valid()  # the fields that are valid still filter; the others say why
        data = self.cleaned_data
        return Filters(
            industry=data.get("industry", "").strip(),
            organization=data.get("organization", "").strip(),
            location=data.get("location", "").strip(),
            school=data.get("school", "").strip(),
            year=data.get("year"),
            way=data.get("way", ""),
        )
