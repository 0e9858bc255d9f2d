from __future__ import annotations

from html import escape  # Django's escape with a lazy wrapper, costly a few hundred times
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from coffeechat.core.addresses import addresses
from coffeechat.core.forms import drawn_in_python
from coffeechat.core.params import id_or_404, positive_int
from coffeechat.lib.text import name_key
from coffeechat.network import access
from coffeechat.network.forms import (
    DirectTieForm,
    OrganizationForm,
    PeopleFilterForm,
    PersonForm,
    TieEditForm,
    TieForm,
)
from coffeechat.network.merging import CannotMerge, merge_people
from coffeechat.network.models import Person, TieStrength
from coffeechat.network.panels import person_panels, person_timeline
from coffeechat.network.queries import (
    PeopleFilters,
    SearchLimits,
    people_in_order,
    people_page,
    search_everything,
)
from coffeechat.network.references import what_points_at
from coffeechat.network.search import search_people
from coffeechat.network.services import (
    PersonDetails,
    connect,
    connect_new_person,
    delete_person,
    listed_ties_of,
    save_person,
    ties_of,
)

TIE_CANDIDATES = 8  # shown at first, and added by each "Show more"
TIE_COUNT_CAP = 500  # beyond this the picker says "more than 500"
QUICK_SEARCH = SearchLimits(people=6, texts=3, snippet_width=70)
FULL_SEARCH = SearchLimits(people=50, texts=30)


def people(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET)
    filters = PeopleFilters.from_cleaned(form.cleaned_data if form.is_valid() else {})
    context = {
        "form": form,
        "filters": filters,
        "page": people_page(request.user, filters, request.GET.get("page")),
        "tags": access.tags_for_user(request.user),
    }
    template = "network/people.html#results" if request.htmx else "network/people.html"
    return render(request, template, context)


def person(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id)
    context = {
        "person": subject,
        "ties": _tie_rows(subject),
        "tie_form": TieForm(person=subject),
        "direct_form": drawn_in_python(DirectTieForm(instance=subject)),  # rarely opened: no templates
        **_tie_candidates(request, subject),
        "panels": person_panels(request, subject),
        "timeline": person_timeline(subject),
    }
    return render(request, "network/person.html", context)


STRENGTH_WORDS = dict(TieStrength.choices)
_TIE_ROW = """      <tr>
        <td><a href="{person}">{name}</a>{about}</td>
        <td><span class="strength" role="img" aria-label="{strength}" title="{strength}">{dots}</span></td>
        <td>{context}</td>
        <td class="actions">
          <a href="{edit}" aria-label="Edit the tie with {name}">Edit</a>
          <a role="button" class="secondary outline small" href="{remove}"
             aria-label="Remove the tie with {name}…">Remove…</a>
        </td>
      </tr>
"""


def _tie_rows(subject: Person) -> SafeString:
    """The rows of the person's list of ties, drawn in Python: a well-connected person has dozens,
    and the template spent ~5 ms on their dozen lookups each (each address is reversed once)."""
    person_url = addresses("network:person")
    edit_url = addresses("network:tie_edit", subject.pk)
    remove_url = addresses("network:tie_delete", subject.pk)
    rows = []
    for tie in listed_ties_of(subject):
        name, title = escape(tie.name), escape(tie.title)
        strength = escape(STRENGTH_WORDS.get(tie.strength, str(tie.strength)))
        about = ""
        if tie.title or tie.organization is not None:
            at = " at " if tie.title and tie.organization is not None else ""
            about = f' <span class="muted">· {title}{at}{escape(tie.organization or "")}</span>'
        rows.append(
            _TIE_ROW.format(
                person=person_url(tie.other_id),
                name=name,
                about=about,
                strength=strength,
                dots=_dots(tie.strength),
                context=escape(tie.context),
                edit=edit_url(tie.tie_id),
                remove=remove_url(tie.tie_id),
            )
        )
    return mark_safe("".join(rows))  # names, titles, labels and contexts escaped above; addresses hold ids


def _dots(strength: int) -> str:
    strength = max(0, min(strength, 3))
    return "●" * strength + "○" * (3 - strength)


def _tie_candidates(request: HttpRequest, subject: Person) -> dict[str, Any]:
    """People matching the tie picker's words: how many, the first few, and how many to show next."""
    query = request.GET.get("tie_q", "").strip()
    shown_count = min(positive_int(request.GET.get("tie_shown")) or TIE_CANDIDATES, TIE_COUNT_CAP)
    if not query:
        return {"tie_query": "", "candidates": [], "match_count": 0}
    ranked = [pid for pid in search_people(request.user, query, limit=TIE_COUNT_CAP + 1) if pid != subject.pk]
    return {
        "tie_query": query,
        "candidates": people_in_order(ranked[:shown_count]),
        "match_count": min(len(ranked), TIE_COUNT_CAP),
        "more_than_cap": len(ranked) > TIE_COUNT_CAP,
        "show_next": shown_count + TIE_CANDIDATES if min(len(ranked), TIE_COUNT_CAP) > shown_count else 0,
    }


def tie_candidates(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id)
    if not request.htmx:  # the fragment is for the picker; a person opening it gets the page
        query = urlencode({k: v for k, v in request.GET.items() if k in ("tie_q", "tie_shown")})
        return redirect(f"{subject.get_absolute_url()}?{query}#ties")
    context = {"person": subject, **_tie_candidates(request, subject)}
    return render(request, "network/person.html#tie-candidates", context)


def person_form(request: HttpRequest, person_id: int | None = None) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id) if person_id else Person()
    form = PersonForm(request.POST or None, instance=subject)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = PersonDetails(
            organization_name=data["organization_name"],
            emails=data["emails"],
            phones=data["phones"],
            links=data["links"],
            tags=data["tag_names"],
        )
        saved = save_person(form.save(commit=False), request.user, details)
        messages.success(request, f"{saved.name} is saved.")
        return redirect(saved)
    return render(request, "network/person_form.html", {"form": form, "person": subject})


def person_delete(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id)
    records = what_points_at(subject)
    if request.method == "POST":
        if records and request.POST.get("confirm") != "everything":
            messages.error(request, "Tick the box to confirm that their conversations go too.")
            return redirect("network:person_delete", subject.pk)
        name = subject.name
        delete_person(subject)
        messages.success(request, f"{name} and everything about them is deleted.")
        return redirect("network:people")
    context = {"person": subject, "tie_count": len(ties_of(subject)), "records": records}
    return render(request, "network/person_delete.html", context)


@require_POST
def direct_tie(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id)
    form = DirectTieForm(request.POST, instance=subject)
    if form.is_valid():
        form.save()
        messages.success(request, "Your tie is saved.")
    else:
        messages.error(request, _errors_text(form))
    return redirect(subject)


@require_POST
def tie_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id)
    form = TieForm(request.POST, person=subject)
    if not form.is_valid():
        messages.error(request, _errors_text(form))
        return redirect(subject)
    data = form.cleaned_data
    if form.other_person is not None:
        tie = connect(subject, form.other_person, data["strength"], data["context"])
    else:
        tie = connect_new_person(subject, data["new_name"], data["strength"], data["context"])
    messages.success(request, f"Saved: {subject.name} knows {tie.other(subject).name}.")
    return redirect(subject)


def tie_edit(request: HttpRequest, person_id: int, tie_id: int) -> HttpResponse:
    subject = access.get_person_for_user(request.user, person_id)
    tie = access.get_tie_for_person(request.user, subject, tie_id)
    form = TieEditForm(request.POST or None, initial={"strength": tie.strength, "context": tie.context})
    if request.method == "POST" and form.is_valid():
        tie.strength, tie.context = form.cleaned_data["strength"], form.cleaned_data["context"]
        tie.save()
        messages.success(request, "The tie is saved.")
        return redirect(subject)
    context = {"person": subject, "other": tie.other(subject), "tie": tie, "form": form}
    return render(request, "network/tie_form.html", context)


def tie_delete(request: HttpRequest, person_id: int, tie_id: int) -> HttpResponse:
    """Removing a tie asks first: introduction paths through it go with it."""
    subject = access.get_person_for_user(request.user, person_id)
    tie = access.get_tie_for_person(request.user, subject, tie_id)
    other = tie.other(subject)
    if request.method != "POST":
        return render(request, "network/tie_delete.html", {"person": subject, "other": other, "tie": tie})
    tie.delete()
    messages.success(request, f"Removed the tie between {subject.name} and {other.name}.")
    return redirect(subject)


def organizations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    # Counted per organization shown, by its own index: a join grouped the whole network's people.
    staff = Person.objects.filter(organization_id=OuterRef("pk")).order_by().values("organization_id")
    people_count = Coalesce(Subquery(staff.annotate(n=Count("pk")).values("n")), 0)
    found = access.organizations_for_user(request.user).annotate(people_count=people_count)
    if query:
        found = found.filter(name_key__contains=name_key(query))
    page = Paginator(found.order_by("name_key", "id"), 50).get_page(request.GET.get("page"))
    template = "network/organizations.html#results" if request.htmx else "network/organizations.html"
    return render(request, template, {"page": page, "query": query})


def organization(request: HttpRequest, organization_id: int) -> HttpResponse:
    org = access.get_organization_for_user(request.user, organization_id)
    staff = org.people.order_by("name_key", "id").values_list("pk", flat=True)
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    page.object_list = people_in_order(list(page.object_list), listed_only=True)
    return render(request, "network/organization.html", {"organization": org, "page": page})


def organization_form(request: HttpRequest, organization_id: int | None = None) -> HttpResponse:
    org = access.get_organization_for_user(request.user, organization_id) if organization_id else None
    form = OrganizationForm(request.POST or None, instance=org, owner=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} is saved.")
        return redirect(saved)
    return render(request, "network/organization_form.html", {"form": form, "organization": org})


def organization_delete(request: HttpRequest, organization_id: int) -> HttpResponse:
    org = access.get_organization_for_user(request.user, organization_id)
    if request.method == "POST":
        org.delete()
        messages.success(request, f"{org.name} is deleted; the people who worked there are kept.")
        return redirect("network:organizations")
    context = {"organization": org, "people_count": org.people.count()}
    return render(request, "network/organization_delete.html", context)


def search(request: HttpRequest) -> HttpResponse:
    quick = request.htmx and request.GET.get("quick") == "1"
    limits = QUICK_SEARCH if quick else FULL_SEARCH
    context = search_everything(request.user, request.GET.get("q", "").strip()[:200], limits)
    if quick:
        return render(request, "network/search.html#quick", context)
    template = "network/search.html#results" if request.htmx else "network/search.html"
    return render(request, template, context)


def _errors_text(form: BaseForm) -> str:
    problems = [
        f"{form.fields[name].label or name}: {error}" if name != "__all__" else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
    return " ".join(problems)


def person_merge(request: HttpRequest, person_id: int) -> HttpResponse:
    keep = access.get_person_for_user(request.user, person_id)
    if request.method == "POST":
        if not request.POST.get("other"):
            messages.error(request, "Choose the duplicate first: nobody is chosen for you.")
            return redirect("network:person_merge", keep.pk)
        duplicate = access.get_person_for_user(request.user, id_or_404(request.POST.get("other")))
        try:
            merge_people(keep, duplicate)
        except CannotMerge as exc:
            messages.error(request, str(exc))
            return redirect("network:person_merge", keep.pk)
        messages.success(request, f"Merged {duplicate.name} into {keep.name}.")
        return redirect(keep)
    query = request.GET.get("q", "").strip()
    ranked = search_people(request.user, query or keep.name.split()[-1], limit=30)
    candidates = [p for p in people_in_order(ranked) if p.pk != keep.pk][:15]
    return render(
        request,
        "network/person_merge.html",
        {"person": keep, "query": query, "candidates": candidates},
    )
