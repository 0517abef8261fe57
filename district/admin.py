from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django_tenants.admin import TenantAdminMixin

from core.forms import add_service_errors
from district.forms import DistrictCreateForm
from district.models import District, Domain
from district.services import TemplateNotReadyError, district_create, district_url


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(District)
class DistrictAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "schema_name",
        "timezone",
        "is_ready",
        "api_rate_user",
        "api_rate_anon",
        "created_at",
    ]
    list_filter = ["is_ready"]
    search_fields = ["name", "schema_name", "domains__domain"]
    inlines = [DomainInline]
    readonly_fields = ["schema_name", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(schema_name="public")

    def add_view(self, request, form_url="", extra_context=None):
        """Create a district with `district_create`, the service behind the
        `create_district` command: the schema (a spare clone of the template, renamed), the host, the first
        administrator. The success message gives the time it took and the one-time link."""
        if not self.has_add_permission(request):
            return self.changeform_view(request, None, form_url, extra_context)  # the admin's 403
        form = DistrictCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = district_create(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except TemplateNotReadyError as error:
                form.add_error(None, str(error))
            else:
                district = result.district
                messages.success(
                    request,
                    f"Created {district.name} ({district.schema_name}) in {result.seconds:.2f} s at "
                    f"{district_url(district)}. Its administrator {result.admin.email} can set a "
                    f"password with this one-time link: {result.admin_setup_link}",
                )
                if not result.from_spare:
                    messages.warning(
                        request,
                        "No spare schema was ready, so the template was cloned during the request. "
                        "Check that a Celery worker runs (it refills the pool) or run "
                        "`manage.py spare_schemas --fill`.",
                    )
                return redirect("admin:district_district_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Create a district",
            "form": form,
            "opts": self.model._meta,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/district/district/create.html", context)

    def has_delete_permission(self, request, obj=None):
        # Deleting a district drops its schema and every record in it: never a click away.
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain", "tenant__name"]
