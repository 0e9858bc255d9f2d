from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from coffeechat.interviews.models import Question
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
