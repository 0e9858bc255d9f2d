"""Default messages for every situation, and filling them in. No database.

Placeholders in braces are filled from the people involved, the exploration and the user's
pitch; a placeholder with nothing to fill it stays visible in brackets, for the user to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = {
    "intro_request": "Ask for an introduction",
    "direct_request": "Ask someone you do not know",
    "referred_request": "Ask someone you were referred to",
    "phone_script": "Phone script",
    "nudge": "Polite follow-up (once)",
    "thank_introducer": "Thank the introducer",
    "thank_you": "Thank them after the conversation",
    "check_in": "Keep in touch",
}
EMAIL_KINDS = set(KINDS) - {"phone_script"}
# Kinds written to whoever introduces the user, about the person they introduce.
TO_INTRODUCER = {"intro_request", "thank_introducer"}
# Kinds that ask for something and so end with a question; thanks and check-ins need none.
ASKING = {"intro_request", "direct_request", "referred_request", "nudge"}
# A placeholder left for the user to fill: [something specific], [your news], [quote].
PLACEHOLDER = re.compile(r"\[(?:[a-z_]+|something specific|your news)\]")


def recipient_role(kind: str) -> str:
    """Who a message of this kind goes to: "introducer" or "person" (the one the user wants to meet)."""
    return "introducer" if kind in TO_INTRODUCER else "person"


def unfilled(text: str) -> list[str]:
    """Placeholders still in the text, in order, each once."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


@dataclass(frozen=True)
class Template:
    subject: str
    body: str


DEFAULTS: dict[str, Template] = {
    "intro_request": Template(
        "Could you introduce me to {target_first_name}?",
        "Hi {first_name},\n\n"
        "I am learning about {exploration} and I see you know {target_described}. Would you be "
        "comfortable introducing us? A short note you can forward is below; change anything you like.\n\n"
        "---\n{target_first_name}, {my_first_name} is exploring {exploration}. {pitch} "
        "{my_first_name} would value 20 minutes of your insight, whenever suits you.\n---\n\n"
        "Thank you either way,\n{signature}",
    ),
    "direct_request": Template(
        "Your work in {exploration}: 20 minutes of your insight?",
        "Dear {first_name},\n\n"
        "I came across {your_work} while learning about {exploration}. "
        "{pitch}\n\n"
        "I am asking only for your insight: how you see the field and how you came to it. Would you "
        "have 20 to 30 minutes in the coming weeks, by phone, video or over coffee, whenever and "
        "wherever suits you?\n\n"
        "With thanks,\n{signature}",
    ),
    "referred_request": Template(
        "{introducer_first_name} suggested I reach out",
        "Dear {first_name},\n\n"
        "{introducer} suggested I reach out to you: I am learning about {exploration}, and {your_path} "
        "is the kind of experience I hope to understand. {pitch}\n\n"
        "Would you have 20 to 30 minutes in the coming weeks, at a time and place that suit you?\n\n"
        "With thanks,\n{signature}",
    ),
    "phone_script": Template(
        "",
        "Hello {first_name}, this is {my_name}. {introducer_line}\n"
        "I am exploring {exploration}, and I would value your view of the field. {pitch}\n"
        "Would you have 20 minutes, now or at a time that suits you better?\n"
        "If now is not good: when could I call back?",
    ),
    "nudge": Template(
        "Re: {exploration}",
        "Dear {first_name},\n\n"
        "I know your days are full, so just a gentle note in case my message last week got buried. "
        "Would 20 minutes of your insight on {exploration} be possible in the coming weeks? If it is "
        "not a good time, no reply is needed.\n\n"
        "With thanks,\n{signature}",
    ),
    "thank_introducer": Template(
        "Thank you for introducing me to {target_first_name}",
        "Dear {first_name},\n\n"
        "Thank you for introducing me to {target_name}. It means a lot that you vouched for me, "
        "and I will let you know how our conversation goes. If I can ever return the favour, please "
        "ask.\n\n"
        "Warmly,\n{signature}",
    ),
    "thank_you": Template(
        "Thank you for your time",
        "Dear {first_name},\n\n"
        "Thank you for talking with me about {exploration}. What you said ({quote}) "
        "gave me a lot to think about, and I will follow up on your suggestions.\n\n"
        "With gratitude,\n{signature}",
    ),
    "check_in": Template(
        "A quick update",
        "Dear {first_name},\n\n"
        "It has been a while since we talked about {exploration}, and I wanted to tell you where I am "
        "now: [your news]. Your advice helped. How are things with you?\n\n"
        "Best wishes,\n{signature}",
    ),
}


class _Visible(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"[{key}]"


def fill(template: Template, values: dict[str, str]) -> Template:
    """The template with its placeholders filled; empty or unknown ones left as [name]."""
    known = _Visible({k: v for k, v in values.items() if v})
    try:
        return Template(template.subject.format_map(known), template.body.format_map(known))
    except (ValueError, IndexError):  # a stray brace in a user's own template
        return template


def role(title: str, organization: str) -> str:
    """ "UX Researcher at Acme", "UX Researcher", "Acme" or "": what is known of where someone works."""
    return " at ".join(part for part in (title, organization) if part)


def described(name: str, title: str, organization: str) -> str:
    return f"{name} ({role(title, organization)})" if role(title, organization) else name


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""
