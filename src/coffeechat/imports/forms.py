from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from coffeechat.imports.formats.csvfiles import MAPPABLE_FIELDS
from coffeechat.imports.formats.detect import FORMAT_NAMES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Contacts file",
        help_text="Connections.csv or LinkedIn's whole export (.zip: messages too), Google or Outlook CSV, "
        ".vcf, or any CSV.",
    )
    format = forms.ChoiceField(
        choices=[("auto", "Detect it for me"), *FORMAT_NAMES.items()],
        initial="auto",
        required=False,
    )
    network_of = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                f"{upload.name} is {upload.size / 1e6:.1f} MB; "
                f"the limit is {settings.IMPORT_MAX_BYTES / 1e6:.0f} MB."
            )
        if upload.size == 0:
            raise ValidationError(f"{upload.name} is empty.")
        return upload


class MappingForm(forms.Form):
    """One select per field, listing the file's columns."""

    save_as = forms.CharField(max_length=100, required=False, label="Save this mapping as")

    def __init__(self, *args: Any, columns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((c, c) for c in columns)]
        for field, label in MAPPABLE_FIELDS.items():
            self.fields[field] = forms.ChoiceField(choices=choices, required=False, label=label)
        self.order_fields([*MAPPABLE_FIELDS, "save_as"])

    def mapping(self) -> dict[str, str]:
        return {f: self.cleaned_data[f] for f in MAPPABLE_FIELDS if self.cleaned_data.get(f)}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("name") or data.get("first_name") or data.get("last_name")):
            raise ValidationError("Choose the column that holds the name (or the first and last name).")
        return data
