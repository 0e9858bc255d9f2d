"""The forms of joining: the community's settings (staff), invitations, the join page, membership."""

from __future__ import annotations

from typing import Any

from django import forms

from coffeechat.community.joining import MAX_INVITATION_DAYS, MAX_INVITATION_USES, parse_domains
from coffeechat.community.models import Community, Membership

MAX_GROUPS = 30


def _number(label: str, low: int, high: int, help_text: str, what: str = "") -> forms.IntegerField:
    """A whole number between bounds whose every complaint names the field and the range."""
    message = f"{label}: enter a whole number from {low} to {high}{what}."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={"invalid": message, "min_value": message, "max_value": message, "required": message},
    )


def group_names(text: str) -> list[str]:
    """The groups members may state, one per line, each once."""
    seen: dict[str, str] = {}
    for line in text.splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


class CommunitySettingsForm(forms.ModelForm):
    open_requests_per_member = _number(
        "Open requests per member",
        0,
        20,
        "Requests a member may have waiting at once. 0 closes asking for everyone.",
    )
    remind_after_days = _number(
        "Remind after (days)", 1, 60, "Days without an answer before the volunteer is reminded, once."
    )
    expire_after_days = _number(
        "Expire after (days)", 1, 60, "Days after the reminder before an unanswered request expires."
    )
    default_monthly_cap = _number(
        "Default monthly cap",
        1,
        50,
        "Requests a month a new volunteer takes until they choose.",
        " (a volunteer who wants none can pause)",
    )

    class Meta:
        model = Community
        fields = [
            "name",
            "joining",
            "email_domains",
            "open_requests_per_member",
            "remind_after_days",
            "expire_after_days",
            "default_monthly_cap",
            "groups",
        ]
        labels = {"name": "Community name", "joining": "Who may join", "groups": "Groups members may state"}
        widgets = {
            "joining": forms.RadioSelect,
            "email_domains": forms.Textarea(attrs={"rows": 3}),
            "groups": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Community name: it cannot be empty."},
            "joining": {"invalid_choice": "Who may join: choose invitation links or email domains."},
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Community name: it cannot be empty.")
        return name

    def clean_email_domains(self) -> str:
        domains, problems = parse_domains(self.cleaned_data["email_domains"])
        if problems:
            raise forms.ValidationError(
                "Email domains: these are not domains: "
                + ", ".join(repr(p) for p in problems[:5])
                + ". Write them like alumni.example.edu."
            )
        return "\n".join(domains)

    def clean_groups(self) -> str:
        names = group_names(self.cleaned_data["groups"])
        too_long = [name for name in names if len(name) > 100]
        if too_long:
            raise forms.ValidationError(f"Groups: at most 100 characters each ({too_long[0][:40]!r}…).")
        if len(names) > MAX_GROUPS:
            raise forms.ValidationError(f"Groups: at most {MAX_GROUPS}, not {len(names)}.")
        return "\n".join(names)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("joining") == Community.Joining.DOMAINS and not cleaned.get("email_domains"):
            self.add_error(
                "email_domains",
                "Email domains: list at least one for sign-up by email, or choose invitation links only.",
            )
        return cleaned


class InvitationForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.MEMBER)
    days = _number("Valid for (days)", 1, MAX_INVITATION_DAYS, "The link stops working after this.")
    max_uses = forms.IntegerField(
        label="Uses",
        required=False,
        min_value=1,
        max_value=MAX_INVITATION_USES,
        help_text="How many people may join with it. Empty: any number until it expires.",
        error_messages={
            key: f"Uses: enter a whole number from 1 to {MAX_INVITATION_USES:,}, or leave it empty."
            for key in ("invalid", "min_value", "max_value")
        },
    )
    note = forms.CharField(
        max_length=200, required=False, help_text="For staff only: who it is for, such as Class of 2026."
    )
    days.initial = 14


class JoinForm(forms.Form):
    email = forms.EmailField(
        max_length=150, help_text="You sign in with it; the community's notices go there."
    )
    display_name = forms.CharField(label="Your name", max_length=200, help_text="How members see you.")
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args: Any, fixed_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if fixed_email:
            del self.fields["email"]


class SignUpEmailForm(forms.Form):
    email = forms.EmailField(label="Your email address", max_length=150)


class MembershipForm(forms.ModelForm):
    group = forms.ChoiceField(
        required=False,
        help_text="Only if you choose to say: staff see answer rates by group, never yours alone.",
    )

    class Meta:
        model = Membership
        fields = ["display_name", "email", "group", "daily_digest", "unsubscribed"]
        labels = {
            "display_name": "Your name",
            "email": "Email for notices",
            "daily_digest": "One email a day instead of one per notice",
            "unsubscribed": "No notices by email at all (they stay on your notices page)",
        }

    def __init__(self, *args: Any, groups: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(groups)
        current = self.instance.group
        if current and current not in choices:
            choices.append(current)  # a group staff no longer list stays until the member changes it
        self.fields["group"].choices = [("", "I'd rather not say")] + [(name, name) for name in choices]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Your name: say how members will see you.")
        return name
