"""Staff pages: the dashboard and its CSV, loading alumni records and inviting them to volunteer.
Every page here is a 404 for anyone but staff; an alum's "no thank you" link is the one exception."""

from __future__ import annotations

import csv
import re
import secrets
import smtplib
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from coffeechat.community import alumni, figures
from coffeechat.community.access import community_on, staff_only, the_community
from coffeechat.community.alumni_files import FIELDS, AlumniFile, open_alumni_file, suggested_mapping
from coffeechat.community.mailing import community_connection, mail_on, site_url
from coffeechat.community.models import AlumniRecord
from coffeechat.exports.writers import neutralise
from coffeechat.imports.formats.records import ImportFileError

SESSION_KEY = "community_alumni_upload"
INVITES_AT_ONCE = 500
STALE_UPLOAD_SECONDS = 24 * 3600
_KEY = re.compile(r"[0-9a-f]{32}")


@staff_only
def dashboard(request: HttpRequest) -> HttpResponse:
    found = figures.figures()
    return render(request, "community/staff.html", {"figures": found, "community": the_community()})


@staff_only
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="community-{timezone.localdate():%Y-%m-%d}.csv"'
    rows = figures.csv_rows(figures.figures())  # group names are members' words: no formulas
    csv.writer(response).writerows([neutralise(cell) for cell in row] for row in rows)
    return response


# --- alumni ------------------------------------------------------------------------------------


def _uploads() -> Path:
    folder = Path(settings.DATA_DIR) / "community-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_stale_uploads() -> None:
    """Files previewed and then left are not kept beyond a day (as imports' pending uploads)."""
    stale = time.time() - STALE_UPLOAD_SECONDS
    for path in _uploads().glob("*.csv"):
        if path.stat().st_mtime < stale:
            path.unlink(missing_ok=True)


def _pending(request: HttpRequest) -> tuple[dict[str, object], Path] | None:
    held = request.session.get(SESSION_KEY)
    if not isinstance(held, dict) or not _KEY.fullmatch(str(held.get("key", ""))):
        return None
    path = _uploads() / f"{held['key']}.csv"
    return (held, path) if path.exists() else None


def _forget(request: HttpRequest) -> None:
    if found := _pending(request):
        found[1].unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


@staff_only
def alumni_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.size:
            messages.error(
                request,
                "Choose a CSV file to load (this one is empty)." if upload else "Choose a CSV file to load.",
            )
            return redirect("community:staff_alumni")
        if upload.size > settings.IMPORT_MAX_BYTES:
            messages.error(
                request,
                f"{upload.name} is {upload.size / 1e6:.1f} MB; the limit here is "
                f"{settings.IMPORT_MAX_BYTES / 1e6:.0f} MB; `coffeechat community alumni load` "
                "takes larger files.",
            )
            return redirect("community:staff_alumni")
        _forget(request)
        _forget_stale_uploads()
        key = secrets.token_hex(16)
        with (_uploads() / f"{key}.csv").open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        request.session[SESSION_KEY] = {"key": key, "filename": upload.name[:200], "mapping": None}
        return redirect("community:staff_alumni_preview")
    context = {
        "counts": alumni.status_counts(),
        "pending": _pending(request),
        "schools": _choices("school"),
        "industries": _choices("industry"),
    }
    return render(request, "community/staff_alumni.html", context)


def _choices(field: str) -> list[str]:
    values = AlumniRecord.objects.filter(status=AlumniRecord.Status.LOADED).exclude(**{field: ""})
    return list(values.values_list(field, flat=True).distinct().order_by(field)[:200])


def _open(held: dict[str, object], path: Path) -> AlumniFile:
    return open_alumni_file(path, str(held["filename"]), max_bytes=settings.IMPORT_MAX_BYTES)


@staff_only
def alumni_preview(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        messages.info(request, "Choose a file to load first.")
        return redirect("community:staff_alumni")
    held, path = pending
    name = str(held["filename"])
    action = request.POST.get("action")
    if action == "cancel":
        _forget(request)
        messages.info(request, f"Nothing was loaded from {name}.")
        return redirect("community:staff_alumni")
    try:
        found = _open(held, path)
    except ImportFileError as exc:
        _forget(request)
        messages.error(request, f"{name}: {exc}. Nothing was loaded.")
        return redirect("community:staff_alumni")
    mapping = held.get("mapping") or suggested_mapping(found.columns)
    if action == "map":
        mapping = {f: request.POST.get(f, "") for f in FIELDS if request.POST.get(f)}
        held["mapping"] = mapping
        request.session[SESSION_KEY] = held
        return redirect("community:staff_alumni_preview")
    check, problem = None, ""
    try:
        if action == "load":
            result = alumni.load_alumni(found, mapping, skip_problems=bool(request.POST.get("skip_problems")))
            _forget(request)
            messages.success(
                request,
                f"{name}: {result.added:,} alumni added, {result.updated:,} updated, "
                f"{result.unchanged:,} already here"
                + (f", {result.skipped:,} rows skipped." if result.skipped else "."),
            )
            return redirect("community:staff_alumni")
        check = alumni.check_file(found, mapping)
    except alumni.LoadRefused as refused:
        check, problem = refused.check, str(refused) + "."
    except ImportFileError as exc:
        problem = f"{name}: {exc}. Nothing was loaded."
    context = {
        "name": name,
        "file": found,
        "mapping": mapping,
        "fields": [(f, label, mapping.get(f, "")) for f, label in FIELDS.items()],
        "check": check,
        "problem": problem,
    }
    return render(request, "community/staff_alumni_preview.html", context)


@staff_only
@require_POST
def alumni_invite(request: HttpRequest) -> HttpResponse:
    year = request.POST.get("year", "").strip()
    if year and not year.isdigit():
        messages.error(request, f"Year: {year!r} is not a year. Nobody was invited.")
        return redirect("community:staff_alumni")
    chosen = alumni.alumni_matching(
        school=request.POST.get("school", ""),
        year=int(year) if year else None,
        industry=request.POST.get("industry", ""),
    )
    records = list(chosen[:INVITES_AT_ONCE])
    if not records:
        messages.info(
            request, "No loaded alumni with an email address match these choices. Nobody was invited."
        )
        return redirect("community:staff_alumni")
    if not _mail_ready():
        messages.error(
            request,
            "The community's mail server is not set up (COFFEECHAT_COMMUNITY_SMTP_HOST), so no invitation "
            "could reach anyone. Nobody was invited.",
        )
        return redirect("community:staff_alumni")
    try:
        with transaction.atomic():  # no one is marked invited unless their email went out
            invited = alumni.invite(records, request.user)
            _mail_invitations(invited)
    except (OSError, smtplib.SMTPException) as exc:
        messages.error(request, f"The mail server did not take the invitations ({exc}). Nobody was invited.")
        return redirect("community:staff_alumni")
    more = chosen.count()
    messages.success(
        request,
        f"Invited {len(invited):,} alumni to volunteer; each gets an email with their own link."
        + (f" {more:,} more match: invite again for the next {INVITES_AT_ONCE}." if more else ""),
    )
    return redirect("community:staff_alumni")


def _mail_ready() -> bool:
    return mail_on() or settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend"


def _mail_invitations(invited: list[alumni.Invited]) -> None:
    community = the_community()
    base = site_url()
    mails = [
        EmailMessage(
            f"Would you give informational interviews at {community.name}?",
            alumni.invitation_text(one.record, community.name, base, one.token),
            settings.COMMUNITY_MAIL_FROM,
            [one.record.email],
        )
        for one in invited
    ]
    with community_connection() as connection:
        connection.send_messages(mails)


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def alumni_decline(request: HttpRequest, invitation_token: str) -> HttpResponse:
    """An alum's "no thank you" from their invitation: asked first (GET), done by POST, so a
    link preview never says no for them."""
    if not community_on():
        raise Http404("not a community server")
    invitation = alumni.invitation_for_token(invitation_token)
    if invitation is None:
        raise Http404("no such invitation")
    if request.method == "POST":
        alumni.decline(invitation)
        return render(request, "community/alumni_declined.html", {"community": the_community(), "done": True})
    context = {"community": the_community(), "record": invitation.alumnus, "done": False}
    return render(request, "community/alumni_declined.html", context)
