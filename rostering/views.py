"""District administrators' roster pages under /integrations/roster/: upload a bundle,
watch its dry run, apply it; the role mapping; the REST provider."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from core.downloads import file_download
from core.forms import add_service_errors, changed_fields, submit
from core.permissions import page_requires
from rostering import selectors, services
from rostering.forms import RoleMappingForm, RosterProviderForm, RosterUploadForm

ADMINS_ONLY = "Only district administrators import rosters."
ROWS_SHOWN = 200


def requires_roster(view):
    return page_requires("roster.import", ADMINS_ONLY)(view)


@requires_roster
def roster_home(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    roster_import = submit(
        request, form, lambda data: services.roster_import_create(actor=request.user, upload=data["file"])
    )
    if roster_import:
        messages.success(request, "Bundle received: its dry run is under way.")
        return redirect("rostering:import-detail", import_id=roster_import.pk)
    imports = Paginator(selectors.roster_import_list_for_actor(actor=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rostering/roster_home.html",
        {
            "form": form,
            "page": imports,
            "provider": selectors.roster_provider_get_for_actor(actor=request.user),
            "has_sample": selectors.roster_sample_for_actor(actor=request.user) is not None,
        },
        status=400 if form.errors else 200,
    )


@requires_roster
def import_detail(request, import_id):
    roster_import = selectors.roster_import_get_for_actor(actor=request.user, import_id=import_id)
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context = {"imp": roster_import, "rows_shown": ROWS_SHOWN}
    response = render(
        request, "rostering/_import_body.html" if partial else "rostering/import_detail.html", context
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires_roster
@require_POST
def import_apply(request, import_id):
    roster_import = selectors.roster_import_get_for_actor(actor=request.user, import_id=import_id)
    try:
        services.roster_import_apply(actor=request.user, roster_import=roster_import)
        messages.success(request, "Applying the import.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("rostering:import-detail", import_id=roster_import.pk)


@requires_roster
def role_mapping(request):
    mappings = selectors.role_mapping_list_for_actor(actor=request.user)
    form = RoleMappingForm(request.POST or None, mappings=mappings)
    if request.method == "POST" and form.is_valid():
        try:
            for mapping in form.mappings:
                services.role_mapping_update(
                    actor=request.user,
                    mapping=mapping,
                    at_school=form.cleaned_data[f"{mapping.oneroster_role}-at_school"],
                    at_district=form.cleaned_data[f"{mapping.oneroster_role}-at_district"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved the role mapping.")
            return redirect("rostering:role-mapping")
    return render(request, "rostering/role_mapping.html", {"form": form}, status=400 if form.errors else 200)


@requires_roster
def provider_settings(request):
    provider = selectors.roster_provider_get_for_actor(actor=request.user)
    form = RosterProviderForm(request.POST or None, instance=provider)
    saved = submit(
        request,
        form,
        lambda data: services.roster_provider_update(actor=request.user, **changed_fields(form)),
    )
    if saved:
        messages.success(request, "Saved the OneRoster provider.")
        return redirect("rostering:provider")
    return render(
        request,
        "rostering/provider.html",
        {"form": form, "provider": provider},
        status=400 if form.errors else 200,
    )


@requires_roster
@require_POST
def provider_pull(request):
    try:
        roster_import = services.roster_pull_start(actor=request.user, dry_run=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rostering:provider")
    return redirect("rostering:import-detail", import_id=roster_import.pk)


@requires_roster
def sample_download(request):
    sample = selectors.roster_sample_for_actor(actor=request.user)
    if sample is None:
        raise Http404("No sample bundle.")
    return file_download(sample, filename=services.SAMPLE_FILENAME, content_type="application/zip")
