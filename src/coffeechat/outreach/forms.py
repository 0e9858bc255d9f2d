from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from coffeechat.core.forms import one_line
from coffeechat.outreach.models import Profile


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
