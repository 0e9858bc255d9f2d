from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from coffeechat.explore.models import Exploration
from coffeechat.lib.text import name_key
from coffeechat.network.models import Organization
from coffeechat.network.services import organization_named


def _names(text: str) -> list[str]:
    return [" ".join(n.split()) for n in text.split(",") if name_key(n)]


class ExplorationForm(forms.ModelForm):
    targets = forms.CharField(
        label="Target organizations",
        required=False,
        max_length=2000,
        help_text="Organizations you would like to learn about, separated by commas.",
    )
    off_limits = forms.CharField(
        label="Off-limits organizations",
        required=False,
        max_length=2000,
        help_text="No one there is suggested or asked for this exploration (e.g. your employer).",
    )

    class Meta:
        model = Exploration
        fields = ["text", "why", "status"]
        widgets = {"why": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False  # a new exploration starts as "exploring"
        if self.instance.pk:
            self.initial["targets"] = ", ".join(o.name for o in self.instance.target_organizations.all())
            self.initial["off_limits"] = ", ".join(o.name for o in self.instance.excluded_organizations.all())

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not name_key(text):
            raise ValidationError(
                "Say in a few words what you want to explore, e.g. “UX research in health care”."
            )
        return text

    def clean_status(self) -> str:
        return self.cleaned_data.get("status") or Exploration.Status.EXPLORING

    def save_for(self, owner: Any) -> Exploration:
        exploration: Exploration = super().save(commit=False)
        exploration.owner = owner
        exploration.save()
        exploration.target_organizations.set(self._organizations(owner, "targets"))
        exploration.excluded_organizations.set(self._organizations(owner, "off_limits"))
        return exploration

    def _organizations(self, owner: Any, field: str) -> list[Organization]:
        found = [organization_named(owner, name) for name in _names(self.cleaned_data[field])]
        return [o for o in found if o is not None]


class InterestForm(forms.Form):
    organization = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.TypedChoiceField(choices=[(i, str(i)) for i in range(1, 6)], coerce=int)
