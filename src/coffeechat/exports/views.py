import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from coffeechat.core.params import positive_int
from coffeechat.exports.backup import make_backup
from coffeechat.exports.queries import people_to_export
from coffeechat.exports.writers import people_to_csv, people_to_vcards
from coffeechat.network.access import get_person_for_user, tags_for_user


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "exports/home.html", {"tags": tags_for_user(request.user)})


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
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


def backup(request: HttpRequest) -> HttpResponse:
    text = json.dumps(make_backup(request.user), ensure_ascii=False, indent=1)
    return _download(text, f"coffeechat-backup-{timezone.localdate():%Y-%m-%d}.json", "application/json")
