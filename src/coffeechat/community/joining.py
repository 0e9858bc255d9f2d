"""Joining the community and the roles in it: invitation links, sign-up by email domain, staff.

An invitation is a link staff make (for members or staff, until a date, a number of uses) or one
emailed to an address at a listed domain (one use, a day). As with sign-in links, only a SHA-256
of its token is stored, and a use is spent by a conditional UPDATE in the same transaction as the
new account, so a link with one use left lets in one person even when two open it at once.
"""

from __future__ import annotations

import enum
import hashlib
import re
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import SignInLink
from coffeechat.accounts.signin import create_signin_token, signin_url
from coffeechat.community import alumni
from coffeechat.community.access import ensure_membership, the_community
from coffeechat.community.mailing import community_connection
from coffeechat.community.models import Community, Invitation, Membership

MAX_INVITATION_DAYS = 365
MAX_INVITATION_USES = 100_000
EMAILED_LINK_HOURS = 24
EMAILS_PER_ADDRESS_PER_HOUR = 3
SIGNUP_NOTE = "Sign-up by email"
_DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")


class Refused(Exception):
    """Why something cannot be done, in words for the person, and which field it is about."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Email domains


def parse_domains(text: str) -> tuple[list[str], list[str]]:
    """The domains staff listed (one per line or comma-separated; a leading @ is fine), and what
    in the text is not a domain."""
    domains: list[str] = []
    problems: list[str] = []
    for raw in re.split(r"[\s,;]+", text):
        domain = raw.strip().lstrip("@").rstrip(".").lower()
        if not domain:
            continue
        if not _DOMAIN.fullmatch(domain):
            problems.append(raw.strip())
        elif domain not in domains:
            domains.append(domain)
    return domains, problems


def allowed_domains(community: Community) -> list[str]:
    if community.joining != Community.Joining.DOMAINS:
        return []
    return parse_domains(community.email_domains)[0]


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].lower()


def normal_email(email: str) -> str:
    """An address as an account name: trimmed and lower-cased, or Refused naming the email."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Refused(f"{email or 'An empty address'!r} is not an email address.", "email") from None
    if len(email) > 150:
        raise Refused("An email address can have at most 150 characters here.", "email")
    return email


# Invitations


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # shown once, never stored


def create_invitation(
    *,
    role: str = Membership.Role.MEMBER,
    days: int = 14,
    max_uses: int | None = None,
    note: str = "",
    created_by: AbstractBaseUser | None = None,
    email: str = "",
    hours: int | None = None,
) -> NewInvitation:
    if role not in Membership.Role.values:
        raise Refused(f"Role: choose {' or '.join(Membership.Role.values)}, not {role!r}.", "role")
    if hours is None and not 1 <= days <= MAX_INVITATION_DAYS:
        raise Refused(f"Days: an invitation lasts from 1 to {MAX_INVITATION_DAYS} days, not {days}.", "days")
    if max_uses is not None and not 1 <= max_uses <= MAX_INVITATION_USES:
        raise Refused(
            f"Uses: from 1 to {MAX_INVITATION_USES:,}, or empty for any number, not {max_uses}.", "max_uses"
        )
    if len(note) > 200:
        raise Refused("Note: at most 200 characters.", "note")
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(hours=hours) if hours is not None else timedelta(days=days)
    invitation = Invitation.objects.create(
        token_hash=token_hash(token),
        role=role,
        email=email,
        note=note.strip(),
        created_by_id=created_by.pk if created_by is not None else None,
        expires=timezone.now() + lifetime,
        max_uses=max_uses,
    )
    return NewInvitation(invitation, token)


def invitation_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("community:join_invitation", args=[token])


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.filter(token_hash=token_hash(token)).first()


def why_unusable(invitation: Invitation | None, now: datetime | None = None) -> str | None:
    """Why this invitation cannot let anyone in, in plain words; None while it can."""
    now = now or timezone.now()
    if invitation is None:
        return (
            "This invitation link is not one we know. Check that the whole link was copied, "
            "or ask the person who sent it for a new one."
        )
    if invitation.revoked is not None:
        return "This invitation was withdrawn by the community's staff. Ask them for a new one."
    if invitation.expires <= now:
        return (
            f"This invitation expired on {timezone.localtime(invitation.expires):%-d %B %Y}. "
            "Ask the person who sent it for a new one."
        )
    if invitation.max_uses is not None and invitation.uses >= invitation.max_uses:
        return "This invitation has already been used as many times as it allows. Ask for a new one."
    return None


def state_of(invitation: Invitation, now: datetime | None = None) -> str:
    """One word for the invitations list."""
    now = now or timezone.now()
    if invitation.revoked is not None:
        return "withdrawn"
    if invitation.expires <= now:
        return "expired"
    if invitation.max_uses is not None and invitation.uses >= invitation.max_uses:
        return "used up"
    return "active"


def _spend(invitation: Invitation) -> None:
    """Use the invitation once, or Refused with why not: the conditional UPDATE holds under races."""
    now = timezone.now()
    usable = Invitation.objects.filter(pk=invitation.pk, revoked__isnull=True, expires__gt=now).filter(
        Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses"))
    )
    if not usable.update(uses=F("uses") + 1):
        invitation.refresh_from_db()
        raise Refused(why_unusable(invitation, now) or "This invitation cannot be used now.")


def revoke_invitation(invitation_id: int) -> Invitation | None:
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is not None and invitation.revoked is None:
        invitation.revoked = timezone.now()
        invitation.save(update_fields=["revoked"])
    return invitation


def staff_links() -> list[Invitation]:
    """The links staff made, newest first (not the one-use links emailed to addresses)."""
    made = Invitation.objects.filter(alumnus__isnull=True, email="").select_related("created_by")
    return list(made.order_by("-created")[:200])


# Joining


def _existing_account(email: str) -> User | None:
    """The account named by this address (joining names accounts by their lower-cased email), read
    off the username's unique index: a case-blind match read all 100,000 accounts (130 ms)."""
    return User.objects.filter(username__in={email, email.lower()}).first()


@transaction.atomic
def join_with_new_account(token: str, *, email: str, password: str, display_name: str) -> User:
    """A new account (its name is the email address) and its membership, in the invitation's role,
    using the invitation once; Refused naming the field, and nothing written, otherwise."""
    invitation = find_invitation(token)
    reason = why_unusable(invitation)
    if invitation is None or reason:
        raise Refused(reason or "")
    email = normal_email(invitation.email or email)
    display_name = display_name.strip()
    if not display_name:
        raise Refused("Your name: say how members will see you, such as Sam Lee.", "display_name")
    if len(display_name) > 200:
        raise Refused("Your name: at most 200 characters.", "display_name")
    if _existing_account(email) is not None:
        raise Refused(
            "An account for this address cannot be made here. If it is yours, sign in first, "
            "then open this link again.",
            "email",
        )
    candidate = User(username=email, email=email, first_name=display_name[:150])
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise Refused("Password: " + " ".join(exc.messages), "password") from None
    _spend(invitation)
    candidate.set_password(password)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise Refused("An account for this address was just made. Sign in instead.", "email") from None
    ensure_membership(candidate, role=invitation.role, display_name=display_name, email=email)
    if invitation.alumnus_id is not None:
        alumni.accept(invitation, candidate)  # an alum invited to volunteer: their profile, unlisted
    return candidate


def offers_more(invitation: Invitation, membership: Membership) -> bool:
    """Whether a signed-in member gains anything by taking the invitation: staff, or an alum's
    invitation to volunteer."""
    if invitation.alumnus_id is not None:
        return True
    return invitation.role == Membership.Role.STAFF and membership.role != Membership.Role.STAFF


@transaction.atomic
def join_signed_in(token: str, user: AbstractBaseUser) -> Membership:
    """Someone already signed in takes the invitation: a staff invitation makes them staff, an
    alum's starts their volunteer profile (a use spent); a member invitation changes nothing for
    someone who is already a member."""
    invitation = find_invitation(token)
    reason = why_unusable(invitation)
    if invitation is None or reason:
        raise Refused(reason or "")
    membership = ensure_membership(user)
    if not offers_more(invitation, membership):
        return membership
    _spend(invitation)
    if invitation.role == Membership.Role.STAFF and membership.role != Membership.Role.STAFF:
        membership.role = Membership.Role.STAFF
        membership.save(update_fields=["role"])
    if invitation.alumnus_id is not None:
        alumni.accept(invitation, user)
    return membership


# Sign-up by email domain


class EmailedLink(enum.Enum):
    SENT = "sent"  # what the person is told whether or not an account exists
    DOMAIN_NOT_ALLOWED = "domain not allowed"
    NOT_SENT = "not sent"  # the mail server failed


def community_mail_connection() -> mail.backends.base.BaseEmailBackend:
    """The community's own mail server (mailing.py's connection), or the default backend."""
    return community_connection() if settings.COMMUNITY_SMTP.get("host") else mail.get_connection()


def email_signup_link(email: str, base_url: str) -> EmailedLink:
    """Email a one-time link to an address at a listed domain: one that makes the account, or a
    sign-in link when the address already has one. The answer is the same either way, and a few
    links an hour per address at most (more are quietly not sent)."""
    community = the_community()
    email = normal_email(email)
    if domain_of(email) not in allowed_domains(community):
        return EmailedLink.DOMAIN_NOT_ALLOWED
    hour_ago = timezone.now() - timedelta(hours=1)
    existing = _existing_account(email)
    if existing is not None:
        if (
            SignInLink.objects.filter(user=existing, created__gte=hour_ago).count()
            >= EMAILS_PER_ADDRESS_PER_HOUR
        ):
            return EmailedLink.SENT
        link = signin_url(base_url, create_signin_token(existing))
        subject = f"Sign in to {community.name}"
        body = (
            f"You already have an account at {community.name}. This link signs you in, once, "
            f"within {settings.SIGNIN_LINK_HOURS} hours:\n\n{link}\n\n"
            "If you did not ask for it, you can ignore this email."
        )
    else:
        recent = Invitation.objects.filter(email=email, created__gte=hour_ago).count()
        if recent >= EMAILS_PER_ADDRESS_PER_HOUR:
            return EmailedLink.SENT
        made = create_invitation(email=email, max_uses=1, note=SIGNUP_NOTE, hours=EMAILED_LINK_HOURS)
        link = invitation_url(base_url, made.token)
        subject = f"Join {community.name}"
        body = (
            f"Open this link within {EMAILED_LINK_HOURS} hours to make your account at "
            f"{community.name}; it works once:\n\n{link}\n\n"
            "If you did not ask for it, you can ignore this email."
        )
    message = mail.EmailMessage(
        subject, body, settings.COMMUNITY_MAIL_FROM, [email], connection=community_mail_connection()
    )
    try:
        message.send()
    except (OSError, smtplib.SMTPException):
        return EmailedLink.NOT_SENT
    return EmailedLink.SENT


# Roles


def set_role(user_id: int, role: str) -> Membership:
    """Make a member staff, or staff a member again; never the last staff member a member."""
    if role not in Membership.Role.values:
        raise Refused(f"Choose {' or '.join(Membership.Role.values)}, not {role!r}.", "role")
    with transaction.atomic():
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            raise Refused("There is no such member.", "user")
        membership = ensure_membership(user)
        if role == Membership.Role.MEMBER and membership.role == Membership.Role.STAFF:
            # Lock every staff row, so two staff removing each other at once cannot leave none.
            staff = list(
                Membership.objects.select_for_update()
                .filter(role=Membership.Role.STAFF)
                .values_list("pk", flat=True)
            )
            if staff == [membership.pk]:
                raise Refused(
                    f"{membership.display_name} is the only staff member: make someone else staff first.",
                    "role",
                )
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


def make_staff_by_name(username: str) -> Membership:
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise Refused(f"There is no account named {username!r}.", "username")
    return set_role(user.pk, Membership.Role.STAFF)
