from typing import TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from coffeechat.core.params import positive_int
from coffeechat.exports.backup import stream_backup
from coffeechat.exports.queries import people_to_export
from coffeechat.exports.writers import people_to_csv, people_to_vcards
from coffeechat.network.access import get_person_for_user, tags_for_user

Response = TypeVar("Response", bound=HttpResponseBase)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "exports/home.html", {"tags": tags_for_user(request.user)})


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    return _as_attachment(HttpResponse(content, content_type=f"{content_type}; charset=utf-8"), filename)


def _as_attachment(response: Response, filename: str) -> Response:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _chosen(request: HttpRequest):  # type: ignore[no-untyped-def]
    tag = request.GET.get("tag", "")
    ids = [n for i in request.GET.get("ids", "").split(",") if (n := positive_int(i)) is not None]
    return people_to_export(request.user, ids or None, tag).order_by("name_key", "id")


def people_vcard(request: HttpRequest) -> HttpResponse:
    return _download(people_to_vcards(_chosen(request)), "coffeechat-people.vcf", "text/vcard")


def people_csv(request: HttpRequest) -> HttpResponse:
    return _download(people_to_csv(_chosen(request)), "coffeechat-people.csv", "text/csv")


def person_vcard(request: HttpRequest, person_id: int) -> HttpResponse:
    person = get_person_for_user(request.user, person_id)
    people = people_to_export(request.user, [person.pk])
    filename = "".join(ch for ch in person.name if ch.isalnum() or ch in " -_").strip() or "person"
    return _download(people_to_vcards(people), f"{filename}.vcf", "text/vcard")


def backup(request: HttpRequest) -> StreamingHttpResponse:
    """Streamed as it is read, so a large account is never held in memory. Should the database fail
    midway, the connection closes before the closing brace: the browser reports a failed download
    and the partial file is not valid JSON, which restore refuses."""
    response = StreamingHttpResponse(
        stream_backup(request.user), content_type="application/json; charset=utf-8"
    )
    return _as_attachment(response, f"coffeechat-backup-{timezone.localdate():%Y-%m-%d}.json")
