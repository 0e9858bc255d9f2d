"""What lowers the answer rate of a request, checked as the user writes it. No database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coffeechat.outreach.drafting import ASKING, unfilled

FIRST_REQUESTS = {"direct_request", "referred_request", "intro_request"}
JOB_WORDS = re.compile(
    r"\b(jobs?|openings?|vacanc(?:y|ies)|hiring|hire|positions? (?:open|available)|open (?:roles?|positions?)"
    r"|résumé|resume|cv|curriculum vitae|apply|application)\b",
    re.IGNORECASE,
)
FOUND_THEM = re.compile(
    r"\b(found|saw|came across|read your|noticed|suggested|recommended|referred|introduc\w*|mentioned|"
    r"pointed me|on linkedin|alumn\w*|your (?:profile|talk|article|post|book|work)|gave me your|"
    r"told me about you)\b",
    re.IGNORECASE,
)
ABOUT_ME = re.compile(r"\b(i|i'm|i've|i'd|me|my|myself)\b", re.IGNORECASE)
ABOUT_YOU = re.compile(r"\b(you|your|you're|you've|yours)\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n{2,}")


@dataclass(frozen=True)
class Flag:
    level: str  # "warning", "strong", or "blocking" (the message cannot be sent as it is)
    message: str
    why: str


def words(text: str) -> int:
    return len(re.findall(r"\b[\w'’-]+\b", text))


def check_message(kind: str, subject: str, body: str, *, email: bool = True) -> list[Flag]:
    flags: list[Flag] = []
    if left := unfilled(f"{subject}\n{body}"):
        flags.append(
            Flag(
                "blocking",
                f"Fill in {', '.join(left)} before sending.",
                "A placeholder left in brackets tells them this is a form letter.",
            )
        )
    count = words(body)
    if count > 150:
        flags.append(
            Flag(
                "strong",
                f"{count} words: far over 150.",
                "Busy people answer short notes; past 150 words most skim or put it off.",
            )
        )
    elif count > 100:
        flags.append(
            Flag(
                "warning",
                f"{count} words: over 100.",
                "Aim for under 100 words: a request that fits one screen gets more replies.",
            )
        )
    if kind in FIRST_REQUESTS and (match := JOB_WORDS.search(f"{subject}\n{body}")):
        flags.append(
            Flag(
                "strong",
                f"Mentions “{match.group(0)}” in a first request.",
                "Asking for insight, not a job, is what makes an informational interview easy to say yes to.",
            )
        )
    if kind in ASKING and "?" not in body:
        flags.append(
            Flag(
                "warning",
                "No question to answer.",
                "End with one clear question (“Would you have 20 minutes in the next weeks?”).",
            )
        )
    sentences = [s for s in _SENTENCES.split(body) if s.strip()]
    about_me = sum(1 for s in sentences if ABOUT_ME.search(s) and not ABOUT_YOU.search(s))
    about_you = sum(1 for s in sentences if ABOUT_YOU.search(s))
    if about_me > about_you:
        flags.append(
            Flag(
                "warning",
                f"{about_me} sentences about you, {about_you} about them.",
                "Make it about them: what you admire in their work and what you hope to learn from it.",
            )
        )
    if kind in FIRST_REQUESTS and not FOUND_THEM.search(body):
        flags.append(
            Flag(
                "warning",
                "No line saying how you found them.",
                "Say who referred you or where you saw their work: it explains why you write to them.",
            )
        )
    if email and not subject.strip():
        flags.append(
            Flag(
                "warning",
                "No subject.",
                "A clear subject (“Question about your work in UX research”) gets the email opened.",
            )
        )
    return flags
