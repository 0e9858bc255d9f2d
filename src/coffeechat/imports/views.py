from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coffeechat.core.params import id_or_404
from coffeechat.imports import access
from coffeechat.imports.applying import ImportRefused, apply_plan
from coffeechat.imports.formats.csvfiles import suggest_mapping
from coffeechat.imports.formats.records import ImportFileError
from coffeechat.imports.forms import MappingForm, UploadForm
from coffeechat.imports.mappings import mapping_matching
from coffeechat.imports.models import ColumnMapping, PendingUpload
from coffeechat.imports.reviews import decide
from coffeechat.imports.service import plan_summary, preview
from coffeechat.imports.undoing import CannotUndo, undo_import, undo_preview, why_not_undoable
from coffeechat.network.access import get_person_for_user

STALE_UPLOAD = timedelta(days=1)


def home(request: HttpRequest) -> HttpResponse:
    # Uploads previewed and then left are not kept beyond a day.
    PendingUpload.objects.filter(owner_id=request.user.pk, created__lt=timezone.now() - STALE_UPLOAD).delete()
    network_of_id = request.POST.get("network_of") or request.GET.get("network_of")
    network_of = get_person_for_user(request.user, id_or_404(network_of_id)) if network_of_id else None
    form = UploadForm(request.POST or None, request.FILES or None, initial={"network_of": network_of_id})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = PendingUpload.objects.create(
            owner=request.user,
            filename=upload.name[:255],
            data=upload.read(),
            format=form.cleaned_data["format"] or "auto",
            network_of=network_of,
        )
        return redirect(pending)
    runs = Paginator(access.runs_for_user(request.user), 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "network_of": network_of,
        "page": runs,
        "mappings": access.mappings_for_user(request.user),
    }
    return render(request, "imports/home.html", context)


def pending(request: HttpRequest, pending_id: int) -> HttpResponse:
    upload = get_object_or_404(PendingUpload.objects.filter(owner_id=request.user.pk), pk=pending_id)
    action = request.POST.get("action")
    if action == "cancel":
        upload.delete()
        messages.info(request, f"Nothing was imported from {upload.filename}.")
        return redirect("imports:home")
    try:
        plan = preview(
            request.user,
            bytes(upload.data),
            fmt=upload.format,
            mapping=upload.mapping,
            network_of=upload.network_of,
        )
    except ImportFileError as exc:
        upload.delete()
        messages.error(request, f"{upload.filename}: {exc}. Nothing was imported.")
        return redirect("imports:home")
    columns = plan.parsed.columns
    mapping_form = None
    if plan.parsed.format == "csv":
        mapping_form, saved = _mapping_form(request, upload, columns)
        if saved:
            return redirect(upload)
    if action == "import" and (plan.rows or plan.history):
        try:
            run = apply_plan(
                plan,
                request.user,
                upload.filename,
                skip_invalid=bool(request.POST.get("skip_invalid")),
                keep_texts=bool(request.POST.get("keep_texts")),
            )
        except ImportRefused as exc:
            messages.error(request, f"{exc}. Fix the lines listed below, or choose to skip them.")
        else:
            upload.delete()
            if request.htmx:
                return HttpResponse(headers={"HX-Redirect": run.get_absolute_url()})
            return redirect(run)
    context = {
        "upload": upload,
        "summary": plan_summary(plan, upload.filename),
        "mapping_form": mapping_form,
        "rows": len(plan.rows),
        "history": plan.history is not None,
    }
    return render(request, "imports/pending.html", context)


def _mapping_form(
    request: HttpRequest, upload: PendingUpload, columns: list[str]
) -> tuple[MappingForm, bool]:
    if request.POST.get("action") == "map":
        form = MappingForm(request.POST, columns=columns)
        if form.is_valid():
            upload.mapping = form.mapping()
            upload.save(update_fields=["mapping"])
            if name := form.cleaned_data["save_as"].strip():
                ColumnMapping.objects.update_or_create(
                    owner=request.user,
                    name=name,
                    defaults={"columns": columns, "mapping": upload.mapping},
                )
                messages.success(
                    request, f"Saved the mapping {name!r}; files with these columns will use it."
                )
            return form, True
        return form, False
    saved = mapping_matching(request.user, columns)
    initial = upload.mapping or (saved.mapping if saved else suggest_mapping(columns))
    return MappingForm(initial=initial, columns=columns), False


def run(request: HttpRequest, run_id: int) -> HttpResponse:
    found = access.get_run_for_user(request.user, run_id)
    reviews = found.reviews.select_related("candidate__organization").order_by("pk")
    return render(request, "imports/run.html", {"run": found, "reviews": reviews})


def undo(request: HttpRequest, run_id: int) -> HttpResponse:
    """Undoing asks first, saying what goes, what is put back and who stays."""
    found = access.get_run_for_user(request.user, run_id)
    if request.method != "POST":
        if why := why_not_undoable(found):
            messages.info(request, why[0].upper() + why[1:] + ".")
            return redirect(found)
        return render(request, "imports/undo.html", {"run": found, **undo_preview(found)})
    try:
        result = undo_import(found)
    except CannotUndo as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Undone: removed {result['deleted']} people and restored {result['restored']} as they were"
            + (f"; removed {result['said']} LinkedIn messages and invitations." if result["said"] else "."),
        )
        for kept in result["kept"]:
            messages.warning(request, f"Kept {kept['name']}: {kept['why']}, which would be lost with them.")
    return redirect(found)


@require_POST
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    item = access.get_review_for_user(request.user, review_id)
    if item.decision or item.run.undone:
        messages.error(request, "This match was already decided, or its import undone.")
        return redirect(item.run)
    person = decide(item, same=request.POST.get("decision") == "same")
    if person is not None:
        messages.success(request, f"Saved {person.name}.")
    return redirect(item.run)
