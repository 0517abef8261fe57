"""Pages for the catalog: browsing with filters, a micro-credential's page with its scoring
guide and the person's standing, and (for district administrators) writing drafts,
publishing, retiring and making new versions. Each page costs a fixed number of queries."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.forms import add_service_errors
from core.permissions import page_requires
from core.roles import Role
from pathways.catalog import selectors, services
from pathways.catalog.forms import CatalogFilterForm, MicroCredentialForm, RequirementForm, RequirementFormSet
from pathways.catalog.rules import may_curate
from pathways.models import CatalogStatus

PAGE_SIZE = 24
CURATORS_ONLY = "Only district administrators curate the catalog."


def _posted(request):
    return request.POST if request.method == "POST" else None


# --- Browsing --------------------------------------------------------------------------


@login_required
def catalog(request):
    me = request.user
    manages = may_curate(actor=me)
    competencies, domains, themes = selectors.catalog_filter_choices_for_actor(actor=me)
    form = CatalogFilterForm(
        request.GET or None, competencies=competencies, domains=domains, themes=themes, manages=manages
    )
    filters = form.filters() if request.GET else {}
    rows = selectors.micro_credential_catalog_for_actor(actor=me, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    items = selectors.micro_credential_rows_for_actor(actor=me, rows=page.object_list)
    cards = [{"mc": mc, "standing": mc.standing} for mc in items]
    return render(
        request,
        "pathways/catalog.html",
        {"form": form, "page": page, "cards": cards, "manages": manages, "filtered": bool(filters)},
        status=400 if form.errors else 200,
    )


# --- A micro-credential's page ---------------------------------------------------------


NEXT_STEP = {
    "in_progress": "Continue your submission",
    "submitted": "See your submission",
    "in_review": "See your submission",
    "not_yet": "Read the feedback and try again",
    "earned": "See your submission",
}


@login_required
def micro_credential_detail(request, micro_credential_id):
    me = request.user
    found = selectors.micro_credential_get_for_actor(actor=me, micro_credential_id=micro_credential_id)
    mc = selectors.micro_credential_detail_for_actor(actor=me, micro_credential=found)
    standing = mc.standing
    return render(
        request,
        "pathways/micro_credential_detail.html",
        {
            "mc": mc,
            "standing": standing,
            "next_step": NEXT_STEP.get(standing.state),
            "may_start": standing.state == "not_started" and mc.status == CatalogStatus.PUBLISHED,
            "manages": may_curate(actor=me),
            "requirements": mc.requirement_list,
            "themes": mc.theme_list,
            "roles": [Role(role).label for role in mc.roles if role in Role.values],
        },
    )


# --- Writing drafts (district administrators) -------------------------------------------


def _save(request, form, rows, save):
    """Validate both forms and call `save(data, requirements)`; service errors land next to
    their fields (`requirements[1].word_limit` on the second filled row)."""
    if request.method != "POST" or not (form.is_valid() & rows.is_valid()):
        return None
    filled = [row for row in rows.forms if not row.is_blank() and not row.cleaned_data.get("DELETE")]
    requirements = [
        {
            "title": row.cleaned_data["title"],
            "prompt": row.cleaned_data["prompt"],
            "kind": row.cleaned_data["kind"],
            "word_limit": row.cleaned_data["word_limit"] if row.cleaned_data["kind"] == "text" else None,
            "passing_criteria": row.cleaned_data["passing_criteria"],
        }
        for row in filled
    ]
    try:
        return save(form.service_data(), requirements)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            add_service_errors(form, error)
            return None
        rest = {}
        for key, texts in error.message_dict.items():
            found = re.fullmatch(r"requirements\[(\d+)\]\.(\w+)", key)
            place = re.fullmatch(r"(resources|method_components)\[(\d+)\].*", key)
            if found:
                for text in texts:
                    filled[int(found[1])].add_error(found[2], text)
            elif place:
                rest.setdefault(place[1], []).extend(f"Line {int(place[2]) + 1}: {t}" for t in texts)
            else:
                rest[key] = texts
        if rest:
            add_service_errors(form, ValidationError(rest))
        return None


def _render_form(request, form, rows, *, mc=None, status=200):
    return render(
        request,
        "pathways/micro_credential_form.html",
        {
            "form": form,
            "rows": rows,
            "mc": mc,
            "title": f"Edit the draft: {mc.title} (version {mc.version})" if mc else "New micro-credential",
        },
        status=status,
    )


@page_requires("catalog.manage", CURATORS_ONLY)
def micro_credential_new(request):
    competencies = selectors.competency_choices_for_actor(actor=request.user)
    form = MicroCredentialForm(_posted(request), competencies=competencies)
    rows = RequirementFormSet(_posted(request), prefix="requirements")
    mc = _save(
        request,
        form,
        rows,
        lambda data, requirements: services.micro_credential_create(
            actor=request.user, requirements=requirements, **data
        ),
    )
    if mc:
        messages.success(request, "Saved as a draft. Publish it when its requirements are ready.")
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    return _render_form(request, form, rows, status=400 if request.method == "POST" else 200)


@page_requires("catalog.manage", CURATORS_ONLY)
def micro_credential_edit(request, micro_credential_id):
    me = request.user
    mc = selectors.micro_credential_get_for_actor(actor=me, micro_credential_id=micro_credential_id)
    if mc.status != CatalogStatus.DRAFT:
        messages.error(request, "Only a draft can be edited: make a new version to change this one.")
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    initial_rows = RequirementForm.initial_for(
        selectors.micro_credential_requirement_list(actor=me, micro_credential=mc)
    )
    competencies = selectors.competency_choices_for_actor(actor=me)
    form = MicroCredentialForm(
        _posted(request), competencies=competencies, initial=MicroCredentialForm.initial_for(mc)
    )
    rows = RequirementFormSet(_posted(request), prefix="requirements", initial=initial_rows)
    saved = _save(
        request,
        form,
        rows,
        lambda data, requirements: services.micro_credential_update(
            actor=request.user, micro_credential=mc, requirements=requirements, **data
        ),
    )
    if saved:
        messages.success(request, "Draft saved.")
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    return _render_form(request, form, rows, mc=mc, status=400 if request.method == "POST" else 200)


def _transition(request, micro_credential_id, service, done: str):
    mc = selectors.micro_credential_get_for_actor(actor=request.user, micro_credential_id=micro_credential_id)
    try:
        result = service(actor=request.user, micro_credential=mc)
    except ValidationError as error:
        texts = (
            [t for group in error.message_dict.values() for t in group]
            if hasattr(error, "error_dict")
            else []
        )
        for text in texts or error.messages:
            messages.error(request, text)
        return redirect("pathways:micro-credential-detail", micro_credential_id=mc.pk)
    messages.success(request, done.format(version=result.version))
    return redirect("pathways:micro-credential-detail", micro_credential_id=result.pk)


@login_required
@require_POST
@page_requires("catalog.manage", CURATORS_ONLY)
def micro_credential_publish(request, micro_credential_id):
    return _transition(
        request, micro_credential_id, services.micro_credential_publish, "Version {version} is published."
    )


@login_required
@require_POST
@page_requires("catalog.manage", CURATORS_ONLY)
def micro_credential_retire(request, micro_credential_id):
    return _transition(
        request, micro_credential_id, services.micro_credential_retire, "Version {version} is retired."
    )


@login_required
@require_POST
@page_requires("catalog.manage", CURATORS_ONLY)
def micro_credential_new_version(request, micro_credential_id):
    return _transition(
        request,
        micro_credential_id,
        services.micro_credential_new_version,
        "Version {version} is a draft copy: edit it, then publish it.",
    )
