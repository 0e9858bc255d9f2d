"""The user's pitch, rules and wording, and drafting a message from them."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser

from coffeechat.explore.models import Exploration
from coffeechat.network.models import Person
from coffeechat.outreach.days_off import days_off_for, holidays_in
from coffeechat.outreach.drafting import DEFAULTS, Template, described, fill, first_name, role
from coffeechat.outreach.models import MessageTemplate, Profile
from coffeechat.outreach.rules import DaysOff, Rules


def profile_for(user: AbstractBaseUser) -> Profile:
    profile, _ = Profile.objects.get_or_create(owner_id=user.pk)
    return profile


def rules_for(profile: Profile) -> Rules:
    return Rules(
        profile.next_person_after, profile.nudge_after, profile.give_up_after_nudge, profile.cool_down_days
    )


def days_off(profile: Profile) -> DaysOff:
    """The public holidays the user's business days skip (none without a country)."""
    return days_off_for(profile.holiday_country, profile.holiday_subdivision)


def warm_up_holidays(today: date) -> None:
    """Read the holidays of every country users chose, for last year to next, before `serve`'s
    workers fork: the package's first use takes ~0.4 s, which a worker's first Today would pay."""
    chosen = Profile.objects.exclude(holiday_country="").values_list("holiday_country", "holiday_subdivision")
    for country, subdivision in chosen.distinct():
        for year in (today.year - 1, today.year, today.year + 1):
            holidays_in(country, subdivision, year)


def template_for(user: AbstractBaseUser, kind: str) -> Template:
    own = MessageTemplate.objects.filter(owner_id=user.pk, kind=kind).first()
    return Template(own.subject, own.body) if own else DEFAULTS[kind]


def draft(
    user: AbstractBaseUser,
    recipient: Person,
    kind: str,
    exploration: Exploration | None = None,
    about: Person | None = None,
    referrer: Person | None = None,
    quote: str = "",
) -> Template:
    """The message of this kind to `recipient`, filled in from everything coffeechat knows."""
    profile = profile_for(user)
    org = recipient.organization.name if recipient.organization else ""
    target = about or recipient
    introducer = referrer.name if referrer else ""
    work = role(recipient.title, org)
    values = {
        "first_name": first_name(recipient.name),
        "name": recipient.name,
        "title": recipient.title,
        "organization": org,
        "exploration": exploration.text if exploration else "",
        "target_name": target.name,
        "target_first_name": first_name(target.name),
        "target_title": target.title,
        "target_organization": target.organization.name if target.organization else "",
        "target_described": described(
            target.name, target.title, target.organization.name if target.organization else ""
        ),
        "your_work": f"your work as {work}" if work else "your work",
        "your_path": f"your path to {work}" if work else "your path",
        "introducer": introducer,
        "introducer_first_name": first_name(introducer),
        "introducer_line": f"{introducer} suggested I call you." if introducer else "",
        "my_name": profile.full_name,
        "my_first_name": first_name(profile.full_name),
        "pitch": profile.pitch,
        "background": profile.background,
        "hopes": profile.hopes,
        "signature": profile.signature or profile.full_name,
        "resume_url": profile.resume_url,
        "quote": f"“{quote}”" if quote else "",
    }
    return fill(template_for(user, kind), values)
