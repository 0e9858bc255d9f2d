from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from coffeechat.lib.links import InvalidLink, domain_of, normalize_url
from coffeechat.lib.phones import InvalidPhone, normalize_phone
from coffeechat.lib.text import name_key
from coffeechat.network.models import HowKnown, Organization, Person, TieStrength

EARLIEST_KNOWN_SINCE = dt.date(1900, 1, 1)
MAX_LINES = 20
STRENGTH_CHOICES = [("", "I don't know them directly"), *TieStrength.choices]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


def _clean_name(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not name_key(value):
        raise ValidationError(f"{what} needs at least one letter or digit.")
    return value


HOW_KNOWN_CHOICES = [("", "Choose…"), *HowKnown.choices]


class PersonForm(forms.ModelForm):
    how_known = forms.ChoiceField(label="How you know them", choices=HOW_KNOWN_CHOICES, required=False)
    organization_name = forms.CharField(
        label="Organization",
        max_length=200,
        required=False,
        help_text="Created if it is not in your network yet.",
    )
    emails = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text="One per line."
    )
    phones = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="One per line; without a country code they are read as numbers of your region.",
    )
    links = forms.CharField(
        label="Profile links",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="LinkedIn and other profiles, one per line.",
    )
    tag_names = forms.CharField(
        label="Tags", max_length=500, required=False, help_text="Separated by commas."
    )
    tie_strength = forms.TypedChoiceField(
        label="Your tie", choices=STRENGTH_CHOICES, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "title",
            "location",
            "how_known",
            "known_since",
            "tie_strength",
            "tie_context",
            "notes",
            "sensitive",
        ]
        labels = {
            "how_known": "How you know them",
            "known_since": "Known since",
            "tie_context": "Context of your tie",
            "sensitive": "Sensitive: never suggest or contact",
        }
        widgets = {
            "known_since": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Person = self.instance
        if person.pk:
            self.initial.update(
                organization_name=person.organization.name if person.organization else "",
                emails="\n".join(e.address for e in person.emails.all()),
                phones="\n".join(p.raw for p in person.phones.all()),
                links="\n".join(link.url for link in person.links.all()),
                tag_names=", ".join(t.name for t in person.tags.all()),
            )
        elif self.initial.get("tie_strength") is None:
            # Most people added by hand are people the user knows.
            self.initial["tie_strength"] = TieStrength.MEDIUM

    def clean_name(self) -> str:
        return _clean_name(self.cleaned_data["name"], "A name")

    def clean_known_since(self) -> dt.date | None:
        value = self.cleaned_data["known_since"]
        if value and value > timezone.localdate():
            raise ValidationError("This date is in the future.")
        if value and value < EARLIEST_KNOWN_SINCE:
            raise ValidationError("This date is before 1900.")
        return value

    def clean_organization_name(self) -> str:
        value = " ".join(self.cleaned_data["organization_name"].split())
        if value and not name_key(value):
            raise ValidationError("An organization name needs at least one letter or digit.")
        return value

    def clean_emails(self) -> list[str]:
        addresses = []
        for number, line in enumerate(_lines(self.cleaned_data["emails"]), start=1):
            try:
                validate_email(line)
            except ValidationError:
                raise ValidationError(f"Line {number}: {line!r} is not an email address.") from None
            if line.lower() not in {a.lower() for a in addresses}:
                addresses.append(line)
        return _at_most(addresses, "email addresses")

    def clean_phones(self) -> list[tuple[str, str]]:
        phones: list[tuple[str, str]] = []
        for number, line in enumerate(self.cleaned_data["phones"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                e164 = normalize_phone(line, settings.PHONE_REGION)
            except InvalidPhone as exc:
                raise ValidationError(f"Line {number}: {exc}.") from None
            if e164 not in {p[1] for p in phones}:
                phones.append((line.strip()[:64], e164))
        return _at_most(phones, "phone numbers")

    def clean_links(self) -> list[str]:
        urls: list[str] = []
        for number, line in enumerate(self.cleaned_data["links"].split(), start=1):
            try:
                url = normalize_url(line)
            except InvalidLink as exc:
                raise ValidationError(f"Link {number}: {exc}.") from None
            if len(url) > 500:
                raise ValidationError(f"Link {number} is longer than 500 characters.")
            if url not in urls:
                urls.append(url)
        return _at_most(urls, "links")

    def clean_tag_names(self) -> list[str]:
        tags: list[str] = []
        for raw in self.cleaned_data["tag_names"].split(","):
            tag = " ".join(raw.split())
            if not tag:
                continue
            if len(tag) > 60:
                raise ValidationError(f"The tag {tag[:20]!r}… is longer than 60 characters.")
            if name_key(tag) and name_key(tag) not in {name_key(t) for t in tags}:
                tags.append(tag)
        return _at_most(tags, "tags")


def _at_most(values: list[Any], what: str) -> list[Any]:
    if len(values) > MAX_LINES:
        raise ValidationError(f"At most {MAX_LINES} {what}, please.")
    return values


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "website", "industry", "size_band", "relation", "notes", "sensitive"]
        labels = {
            "size_band": "Size",
            "sensitive": "Sensitive: never suggest or contact anyone here",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_name(self) -> str:
        name = _clean_name(self.cleaned_data["name"], "An organization name")
        twins = Organization.objects.filter(owner_id=self.owner.pk, name_key=name_key(name))
        if twins.exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"You already have an organization named {name!r}.")
        return name

    def save(self, commit: bool = True) -> Organization:
        organization: Organization = super().save(commit=False)
        organization.owner = self.owner
        organization.domain = domain_of(organization.website)
        if commit:
            organization.save()
        return organization


class TieForm(forms.Form):
    """Who else this person knows: someone already in the network, or a new person."""

    other = forms.IntegerField(required=False, widget=forms.HiddenInput)
    new_name = forms.CharField(label="Or a new person", max_length=200, required=False)
    strength = forms.TypedChoiceField(choices=TieStrength.choices, coerce=int, initial=TieStrength.MEDIUM)
    context = forms.CharField(max_length=200, required=False, help_text='e.g. "former teammates at Acme"')

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        self.other_person: Person | None = None

    def clean_new_name(self) -> str:
        value = self.cleaned_data["new_name"]
        return _clean_name(value, "A name") if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        other_id, new_name = data.get("other"), data.get("new_name")
        if other_id is None and not new_name and not self.errors:
            raise ValidationError("Choose a person from your network or type a new name.")
        if other_id is not None:
            other = Person.objects.filter(owner_id=self.person.owner_id, pk=other_id).first()
            if other is None:
                raise ValidationError("That person is not in your network.")
            if other.pk == self.person.pk:
                raise ValidationError("A person cannot have a tie with themselves.")
            self.other_person = other
        return data


class TieEditForm(forms.Form):
    strength = forms.TypedChoiceField(choices=TieStrength.choices, coerce=int)
    context = forms.CharField(max_length=200, required=False)


class DirectTieForm(forms.ModelForm):
    how_known = forms.ChoiceField(label="How you know them", choices=HOW_KNOWN_CHOICES, required=False)
    tie_strength = forms.TypedChoiceField(
        label="Your tie", choices=STRENGTH_CHOICES, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = Person
        fields = ["tie_strength", "tie_context", "how_known", "known_since"]
        labels = {
            "tie_context": "Context",
            "how_known": "How you know them",
            "known_since": "Since",
        }
        widgets = {"known_since": forms.DateInput(attrs={"type": "date"})}

    clean_known_since = PersonForm.clean_known_since


class PeopleFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    org = forms.CharField(required=False, max_length=200, label="Organization")
    tag = forms.IntegerField(required=False, label="Tag")
    how = forms.ChoiceField(required=False, label="How known", choices=[("", "Anyone"), *HowKnown.choices])
