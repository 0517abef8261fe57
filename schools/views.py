"""District administrators' pages for schools, people, memberships and supervision."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from accounts import services as account_services
from core.forms import add_service_errors, changed_fields, submit
from core.permissions import page_requires
from schools import selectors, services
from schools.filters import PersonFilter, SchoolFilter
from schools.forms import MembershipForm, PersonForm, SchoolForm, SupervisionForm
from schools.selectors import person_get_for_actor, person_list_for_actor

PAGE_SIZE = 25
ADMINS_ONLY = "Only district administrators manage this."


def requires(action: str):
    """The district administrators' pages: `page_requires` over the matrix (`action` is a
    row only administrators have), refusing with the sentence these pages always gave."""
    return page_requires(action, ADMINS_ONLY)


def render_filtered_list(request, filterset, *, page_template, rows_template, **extra):
    """A filtered, paginated list; an HTMX search request gets only the rows back.

    When HTMX restores history it needs the whole page, so that request gets it.
    """
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page, **extra}
    rows_only = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(request, rows_template if rows_only else page_template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("school.manage")
def school_list(request):
    filterset = SchoolFilter(request.GET, queryset=selectors.school_list_for_actor(actor=request.user))
    return render_filtered_list(
        request,
        filterset,
        page_template="schools/school_list.html",
        rows_template="schools/_school_rows.html",
    )


@requires("school.manage")
def school_create(request):
    form = SchoolForm(request.POST or None)
    school = submit(request, form, lambda data: services.school_create(actor=request.user, **data))
    if school:
        messages.success(request, f"Added {school.name}.")
        return redirect("schools:school-list")
    return render(request, "schools/school_form.html", {"form": form, "school": None})


@requires("school.manage")
def school_edit(request, school_id):
    school = selectors.school_get_for_actor(actor=request.user, school_id=school_id)
    form = SchoolForm(request.POST or None, instance=copy(school))  # the service gets the original

    def save(_):
        return services.school_update(actor=request.user, school=school, **changed_fields(form))

    if submit(request, form, save):
        messages.success(request, f"Saved {school.name}.")
        return redirect("schools:school-list")
    return render(request, "schools/school_form.html", {"form": form, "school": school})


@requires("school.manage")
@require_POST
def school_toggle_active(request, school_id):
    school = selectors.school_get_for_actor(actor=request.user, school_id=school_id)
    services.school_set_active(actor=request.user, school=school, is_active=not school.is_active)
    state = "reactivated" if school.is_active else "deactivated"
    messages.success(request, f"{school.name} {state}.")
    return redirect("schools:school-edit", school_id=school.pk)


@requires("person.manage")
def person_list(request):
    filterset = PersonFilter(request.GET, queryset=person_list_for_actor(actor=request.user))
    return render_filtered_list(
        request,
        filterset,
        page_template="schools/person_list.html",
        rows_template="schools/_person_rows.html",
        schools=selectors.school_list_for_actor(actor=request.user, active_only=True),
    )


@requires("person.manage")
def person_create(request):
    form = PersonForm(request.POST or None)
    person = submit(
        request, form, lambda data: services.person_create(actor=request.user, invite=True, **data)
    )
    if person:
        messages.success(request, f"Added {person.full_name} and emailed them a link to set a password.")
        return redirect("schools:person-detail", person_id=person.pk)
    return render(request, "schools/person_form.html", {"form": form, "person": None})


@requires("person.manage")
def person_edit(request, person_id):
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    form = PersonForm(request.POST or None, instance=copy(person))  # the service gets the original

    def save(_):
        return services.person_update(actor=request.user, user=person, **changed_fields(form))

    if submit(request, form, save):
        messages.success(request, f"Saved {person.full_name}.")
        return redirect("schools:person-detail", person_id=person.pk)
    return render(request, "schools/person_form.html", {"form": form, "person": person})


def _supervision_form(request, person, data=None):
    people = selectors.supervision_candidate_choices(actor=request.user, person=person)
    return SupervisionForm(data, person=person, people=people)


def _person_context(request, person, membership_form=None, supervision_form=None):
    return {
        "person": person,
        "memberships": selectors.membership_list_for_person(actor=request.user, person=person),
        "supervisions": selectors.supervision_list_for_person(actor=request.user, person=person),
        "membership_form": membership_form or MembershipForm(),
        "supervision_form": supervision_form or _supervision_form(request, person),
    }


@requires("person.manage")
def person_detail(request, person_id):
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    return render(request, "schools/person_detail.html", _person_context(request, person))


@requires("person.manage")
@require_POST
def person_toggle_active(request, person_id):
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    try:
        if person.is_active:
            services.user_deactivate(actor=request.user, user=person)
            messages.success(request, f"{person.full_name} is deactivated and can no longer sign in.")
        else:
            account_services.user_reactivate(actor=request.user, user=person)
            messages.success(request, f"{person.full_name} can sign in again.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("schools:person-detail", person_id=person.pk)


@requires("membership.manage")
@require_POST
def membership_add(request, person_id):
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    form = MembershipForm(request.POST)
    if form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if value not in (None, "")}
        try:
            services.membership_create(actor=request.user, user=person, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = None
    return render(
        request, "schools/_memberships.html", _person_context(request, person, membership_form=form)
    )


@requires("membership.manage")
@require_POST
def membership_end(request, membership_id):
    membership = selectors.membership_get_for_actor(actor=request.user, membership_id=membership_id)
    context = _person_context(request, membership.user)
    try:
        services.membership_end(actor=request.user, membership=membership)
    except ValidationError as error:
        context["action_error"] = " ".join(error.messages)
    else:
        context = _person_context(request, membership.user)
    return render(request, "schools/_memberships.html", context)


@requires("supervision.manage")
@require_POST
def supervision_add(request, person_id):
    """Add a link from the person page; the partial comes back with the link in the table
    and the sentence it recorded, or with the form and its errors (the confirmation box
    appears when the service asks for it)."""
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    form = _supervision_form(request, person, request.POST)
    added = None
    if form.is_valid():
        supervisor, supervisee = form.pair()
        try:
            added = services.supervision_create(
                actor=request.user,
                supervisor=supervisor,
                supervisee=supervisee,
                confirm=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = None
    context = _person_context(request, person, supervision_form=form)
    if added:
        context["added"] = f"Saved: {added.supervisor.full_name} supervises {added.supervisee.full_name}."
    return render(request, "schools/_supervisions.html", context)


@requires("supervision.manage")
def supervision_candidates(request, person_id):
    """The people matching a name typed in the supervision form, as radio buttons."""
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    query = request.GET.get("q", "")[:100]
    candidates = selectors.supervision_candidate_list_for_actor(
        actor=request.user, person=person, query=query
    )
    return render(
        request,
        "schools/_supervision_candidates.html",
        {"candidates": candidates[: selectors.SUPERVISION_CANDIDATES], "query": query.strip()},
    )


@requires("supervision.manage")
@require_POST
def supervision_end(request, supervision_id, person_id):
    person = person_get_for_actor(actor=request.user, person_id=person_id)
    supervision = selectors.supervision_get_for_person(
        actor=request.user, person=person, supervision_id=supervision_id
    )
    context = _person_context(request, person)
    try:
        services.supervision_end(actor=request.user, supervision=supervision)
    except ValidationError as error:
        context["action_error"] = " ".join(error.messages)
    else:
        context = _person_context(request, person)
    return render(request, "schools/_supervisions.html", context)
