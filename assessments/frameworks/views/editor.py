"""District administrators' framework editor: import a CASE package or start a new
framework, edit a framework's details, status and level scale, copy it, and add, reword
and retire its items and write its indicators' level descriptors in place (HTMX).

Every write goes through assessments.frameworks.services (or the CASE importer); these
views only collect and show. All of them need 'framework.manage'.
"""

from copy import copy

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from assessments.case.importer import framework_import_case
from assessments.case.updates import (
    framework_import_case_url,
    framework_update_apply,
    framework_update_check,
)
from assessments.case.validation import CaseValidationError
from assessments.frameworks import services
from assessments.frameworks.browse import FIRST_HEADING_LEVEL, LevelDescriptor, framework_outline
from assessments.frameworks.forms import (
    DescriptorsForm,
    FrameworkForm,
    ImportForm,
    ItemForm,
    LevelFormSet,
    NewFrameworkForm,
    NewItemForm,
)
from assessments.frameworks.selectors import (
    framework_get_for_actor,
    indicator_descriptor_texts,
    item_get_for_actor,
    level_list,
)
from assessments.models import AdoptionStatus, Framework, Item, ItemKind
from core.forms import changed_fields, submit
from core.permissions import page_requires

MAX_ERRORS_SHOWN = 100
STATUS_ACTIONS = {
    AdoptionStatus.ADOPTED: "Adopt",
    AdoptionStatus.DRAFT: "Back to draft",
    AdoptionStatus.DEPRECATED: "Deprecate",
}
may_manage = page_requires("framework.manage", "Only district administrators manage this.")


def _posted(request) -> tuple:
    """A form's data and files on POST (even an empty POST binds the form), else none."""
    return (request.POST, request.FILES) if request.method == "POST" else ()


# --- Import ---------------------------------------------------------------------------


def _report_repairs(request, repairs: list[str]) -> None:
    if repairs:
        count = len(repairs)
        listed = "; ".join(repairs)
        messages.warning(request, f"Repaired {count} defect{'' if count == 1 else 's'}: {listed}.")


def _import_message(result) -> str:
    counts = result.counts
    competencies = counts.get("competencies", 0)
    indicators = counts.get("indicators", 0)
    verb = "Imported" if result.created else "Updated"
    parts = [
        f"{competencies} competenc{'y' if competencies == 1 else 'ies'}",
        f"{indicators} indicator{'' if indicators == 1 else 's'}",
        f"{counts.get('levels', 0)} performance levels",
        f"{counts.get('themes', 0)} themes",
    ]
    if counts.get("retired"):
        parts.append(f"{counts['retired']} retired")
    return f"{verb} {result.framework.title}: {', '.join(parts)}."


@may_manage
def framework_import(request):
    try:
        form = ImportForm(*_posted(request))
    except RequestDataTooBig:
        form = ImportForm()
        form.add_error(None, "The pasted text is too large to send this way. Upload it as a file instead.")
        return render(request, "assessments/editor_import.html", {"form": form}, status=413)
    case_errors = []

    def run(data):
        options = {"actor": request.user, "audience": data["audience"] or None, "repair": data["repair"]}
        if data.get("url"):
            return framework_import_case_url(url=data["url"], **options)
        return framework_import_case(package=data["package"], **options)

    try:
        result = submit(request, form, run)
    except CaseValidationError as error:
        result, case_errors = None, error.errors
    if result:
        messages.success(request, _import_message(result))
        _report_repairs(request, result.repairs)
        return redirect("assessments:framework-edit", framework_id=result.framework.pk)
    context = {
        "form": form,
        "case_errors": case_errors[:MAX_ERRORS_SHOWN],
        "case_error_count": len(case_errors),
        "case_errors_hidden": max(0, len(case_errors) - MAX_ERRORS_SHOWN),
    }
    return render(request, "assessments/editor_import.html", context)


# --- A new framework -----------------------------------------------------------------


@may_manage
def framework_new(request):
    form = NewFrameworkForm(*_posted(request)[:1])
    created = submit(request, form, lambda data: services.framework_create(actor=request.user, **data))
    if created:
        messages.success(
            request, f"Created {created.title}, a draft. Add its domains, competencies and indicators below."
        )
        return redirect("assessments:framework-edit", framework_id=created.pk)
    return render(request, "assessments/editor_new.html", {"form": form})


# --- The edit page --------------------------------------------------------------------


def _plain(value):
    """3 rather than 3.00, 2.5 rather than 2.50 (and never 1E+1)."""
    return value.quantize(1) if value == value.to_integral_value() else value.normalize()


def _level_initial(outline) -> list[dict]:
    return [
        {"name": level.name, "value": _plain(level.value), "is_proficient": level.is_proficient}
        for level in outline.levels
    ]


def _edit_page(
    request, framework, *, form=None, levels=None, levels_errors=(), status=200, delete_refusal=None
):
    """Every part of the edit page in a fixed number of queries: the outline's five, and
    one to learn whether anyone has rated against the scale."""
    outline = framework_outline(framework)
    locked = services.framework_has_ratings(framework)
    if levels is None and not locked:
        levels = LevelFormSet(initial=_level_initial(outline), prefix="levels")
    context = {
        "framework": framework,
        "form": form or FrameworkForm(instance=framework),
        "outline": outline,
        "levels_formset": levels,
        "levels_locked": locked,
        "levels_errors": list(levels_errors),
        "delete_refusal": delete_refusal,
        "status_actions": [
            (value, label) for value, label in STATUS_ACTIONS.items() if value != framework.adoption_status
        ],
    }
    return render(request, "assessments/editor_framework.html", context, status=status)


@may_manage
def framework_edit(request, framework_id):
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    form = FrameworkForm(*_posted(request)[:1], instance=copy(framework))  # the service gets the original

    def save(_):
        return services.framework_update(actor=request.user, framework=framework, **changed_fields(form))

    if submit(request, form, save):
        messages.success(request, f"Saved {framework.title}.")
        return redirect("assessments:framework-edit", framework_id=framework.pk)
    return _edit_page(request, framework, form=form)


@may_manage
@require_POST
def framework_status(request, framework_id):
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    try:
        services.framework_set_status(
            actor=request.user, framework=framework, status=request.POST.get("status")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{framework.title} is now {framework.get_adoption_status_display().lower()}."
        )
    return redirect("assessments:framework-edit", framework_id=framework.pk)


@may_manage
@require_POST
def framework_delete(request, framework_id):
    """Delete a framework nothing uses; otherwise show the edit page again with what uses it
    and the offer to deprecate it instead (a 409, as the API answers)."""
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    try:
        services.framework_delete(actor=request.user, framework=framework)
    except services.FrameworkInUseError as refused:
        return _edit_page(request, framework, status=409, delete_refusal=refused)
    messages.success(request, f"Deleted {framework.title}.")
    return redirect("assessments:framework-list")


@may_manage
def framework_updates(request, framework_id):
    """GET: fetch the framework's source URL again and show what re-importing would change.
    POST: apply it (the in-place re-import) and go back to the edit page."""
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    repair = (request.POST if request.method == "POST" else request.GET).get("repair") == "on"
    context = {"framework": framework, "repair": repair}
    try:
        if request.method == "POST":
            result, _diff = framework_update_apply(actor=request.user, framework=framework, repair=repair)
            messages.success(request, f"Updated {framework.title} from {framework.source_url}.")
            _report_repairs(request, result.repairs)
            return redirect("assessments:framework-edit", framework_id=framework.pk)
        check = framework_update_check(actor=request.user, framework=framework, repair=repair)
    except (ValidationError, CaseValidationError) as refused:
        problem = " ".join(refused.messages) if isinstance(refused, ValidationError) else str(refused)
        context["problem"] = problem
        return render(request, "assessments/editor_updates.html", context, status=400)
    context |= {"diff": check.diff, "repairs": check.repairs}
    return render(request, "assessments/editor_updates.html", context)


@may_manage
@require_POST
def framework_copy(request, framework_id):
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    title = (request.POST.get("title") or "").strip()[: Framework._meta.get_field("title").max_length]
    copied = services.framework_copy(actor=request.user, framework=framework, title=title or None)
    messages.success(
        request, f"Copied {framework.title} into {copied.title}, a draft your district can edit and adopt."
    )
    return redirect("assessments:framework-edit", framework_id=copied.pk)


@may_manage
@require_POST
def framework_levels(request, framework_id):
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    formset = LevelFormSet(request.POST, prefix="levels")
    errors = []
    if formset.is_valid():
        levels = [
            {key: row[key] for key in ("name", "value", "is_proficient")}
            for row in formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        try:
            services.framework_set_levels(actor=request.user, framework=framework, levels=levels)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request, f"Saved the level scale: {', '.join(level['name'] for level in levels)}."
            )
            return redirect("assessments:framework-edit", framework_id=framework.pk)
    else:
        errors = list(formset.non_form_errors()) or ["Correct the levels marked below."]
    if services.framework_has_ratings(framework):
        formset = None  # shown read only, with the refusal
    return _edit_page(request, framework, levels=formset, levels_errors=errors)


# --- Items in place (HTMX) ------------------------------------------------------------


def _heading_level(item: Item) -> int | None:
    """The heading an item's row has on the edit page (indicators have none): the same
    numbering as the outline's, which follows depth."""
    if item.kind == ItemKind.INDICATOR:
        return None
    return min(FIRST_HEADING_LEVEL + item.depth - 1, 6)


def _item_row(request, item, *, saved=False):
    context = {"node": item, "heading_level": _heading_level(item), "saved": saved}
    return render(request, "assessments/_editor_item.html", context)


@may_manage
def item_row(request, item_id):
    """The item as shown on the edit page (Cancel swaps it back in)."""
    return _item_row(request, item_get_for_actor(actor=request.user, item_id=item_id))


@may_manage
def item_edit(request, item_id):
    item = item_get_for_actor(actor=request.user, item_id=item_id)
    form = ItemForm(*_posted(request)[:1], instance=copy(item))  # the service gets the original

    def save(_):
        return services.item_update(actor=request.user, item=item, **changed_fields(form))

    if submit(request, form, save):
        return _item_row(request, item, saved=True)
    if form.errors:
        form.focus_first_error()
    return render(request, "assessments/_editor_item_form.html", {"node": item, "form": form})


# --- Adding and retiring items (HTMX) -------------------------------------------------

ARTICLE = {ItemKind.INDICATOR: "an"}


def _name(item) -> str:
    return item.code or (item.statement[:39] + "…" if len(item.statement) > 40 else item.statement)


def _outline_section(request, framework, *, message=""):
    """The edit page's outline, re-rendered after an item is added or retired; it replaces
    the page's, whatever element sent the request."""
    context = {
        "framework": framework,
        "outline": framework_outline(framework),
        "outline_message": message,
    }
    response = render(request, "assessments/_editor_outline.html", context)
    response["HX-Retarget"] = "#outline"
    response["HX-Reswap"] = "outerHTML"
    return response


def _add_slot(framework, kind: str, parent: Item | None) -> dict:
    """What _editor_add.html needs, as the edit page's outline passes it."""
    return {
        "framework": framework,
        "kind": kind,
        "parent_id": parent.pk if parent else "",
        "label": f"Add {ARTICLE.get(kind, 'a')} {kind}",
        "parent_name": _name(parent) if parent else "",
    }


@may_manage
def item_new(request, framework_id):
    """GET: the small form for a new item of `kind` under `parent` (or, with `closed`, the
    button that reveals it). POST: add it, and answer with the re-rendered outline."""
    framework = framework_get_for_actor(actor=request.user, framework_id=framework_id)
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    if kind not in ItemKind.values:
        raise Http404("No such kind of item.")
    parent_id = data.get("parent") or None
    if parent_id is not None and not parent_id.isdigit():
        raise Http404("No such parent.")
    parent = item_get_for_actor(actor=request.user, item_id=parent_id) if parent_id else None
    slot = _add_slot(framework, kind, parent)
    if request.method == "GET" and "closed" in request.GET:
        return render(request, "assessments/_editor_add.html", slot)
    form = NewItemForm(*_posted(request)[:1], slot=f"add-{kind}-{parent_id or 'top'}", kind=kind)

    def add(fields):
        return services.item_create(
            actor=request.user, framework=framework, kind=kind, parent=parent, **fields
        )

    item = submit(request, form, add)
    if item:
        return _outline_section(request, framework, message=f"Added {_name(item)}.")
    if form.errors:
        form.focus_first_error()
    return render(request, "assessments/_editor_add.html", {**slot, "form": form})


@may_manage
@require_POST
def item_retire(request, item_id):
    item = item_get_for_actor(actor=request.user, item_id=item_id)
    services.item_retire(actor=request.user, item=item)
    below = "" if item.kind == ItemKind.INDICATOR else " and everything under it"
    message = f"Retired {_name(item)}{below}. Ratings on it are kept."
    return _outline_section(request, item.framework, message=message)


# --- Level descriptors (HTMX) ---------------------------------------------------------


def _indicator_for_actor(actor, item_id) -> Item:
    item = item_get_for_actor(actor=actor, item_id=item_id)
    if item.kind != ItemKind.INDICATOR:
        raise Http404("Only indicators have level descriptors.")
    return item


def _levels_and_texts(indicator: Item) -> tuple[list, dict[int, str]]:
    """The scale, and the indicator's descriptor at each level (from the criterion the
    service writes to)."""
    levels = list(level_list(framework=indicator.framework))
    return levels, indicator_descriptor_texts(indicator=indicator)


def _descriptors_block(request, indicator, *, saved=False):
    levels, texts = _levels_and_texts(indicator)
    descriptors = [
        LevelDescriptor(level=level.name, is_proficient=level.is_proficient, text=texts.get(level.pk, ""))
        for level in levels
    ]
    context = {"node": indicator, "descriptors": descriptors, "saved": saved}
    return render(request, "assessments/_editor_descriptors.html", context)


@may_manage
def item_descriptors(request, item_id):
    """An indicator's descriptors as shown on the edit page (Cancel swaps them back in)."""
    return _descriptors_block(request, _indicator_for_actor(request.user, item_id))


@may_manage
def item_descriptors_edit(request, item_id):
    indicator = _indicator_for_actor(request.user, item_id)
    levels, texts = _levels_and_texts(indicator)
    form = DescriptorsForm(*_posted(request)[:1], indicator=indicator, levels=levels, texts=texts)

    def save(_):
        return services.descriptors_update(actor=request.user, indicator=indicator, texts=form.texts())

    if submit(request, form, save) is not None:
        return _descriptors_block(request, indicator, saved=True)
    context = {"node": indicator, "form": form, "levels": levels}
    return render(request, "assessments/_editor_descriptors_form.html", context)
