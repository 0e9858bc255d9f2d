from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from coffeechat.interviews.models import Question, Reflection
from coffeechat.lib.phones import InvalidPhone, normalize_phone
from coffeechat.lib.text import name_key


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["text", "theme", "minutes", "research_first"]

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not name_key(text):
            raise ValidationError("Write the question.")
        return text


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
