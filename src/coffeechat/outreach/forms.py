from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from coffeechat.core.forms import one_line
from coffeechat.outreach import days_off
from coffeechat.outreach.models import Profile

UNKNOWN_COUNTRY = "%(value)s is not a country whose holidays are known (e.g. US, DE)."


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].validators.append(one_line)  # the From line of every email
        self.fields["holiday_country"] = forms.ChoiceField(
            label="Public holidays of",
            required=False,
            choices=[("", "None (weekends only)")] + [(c, f"{n} ({c})") for c, n in days_off.countries()],
            help_text="Business days skip them.",
            error_messages={"invalid_choice": UNKNOWN_COUNTRY},
        )
        # A form sent without the digest's hour (an older page, a script) keeps the one saved.
        self.fields["digest_hour"] = forms.TypedChoiceField(
            label="At",
            coerce=int,
            required=False,
            empty_value=None,
            choices=[(hour, f"{hour:02}:00") for hour in range(24)],
            error_messages={"invalid_choice": "%(value)s is not an hour of the day (0 to 23)."},
        )

    def clean_digest_hour(self) -> int:
        hour = self.cleaned_data["digest_hour"]
        return self.instance.digest_hour if hour is None else hour

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "holiday_country" in cleaned and "holiday_subdivision" in cleaned:
            country = cleaned["holiday_country"]
            typed = cleaned["holiday_subdivision"].strip()
            cleaned["holiday_subdivision"] = days_off.subdivision_code(country, typed)
            wrong = days_off.problem(country, cleaned["holiday_subdivision"])
            if wrong:
                self.add_error(*wrong)
        if cleaned.get("digest") and not (cleaned.get("digest_email") or cleaned.get("email")):
            self.add_error("digest_email", "Give the address the digest goes to (or your email above).")
        return cleaned


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=200, required=False, validators=[one_line])
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
