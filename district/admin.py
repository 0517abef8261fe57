from django.contrib import admin
from django_tenants.admin import TenantAdminMixin

from district.models import District, Domain


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(District)
class DistrictAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = ["name", "schema_name", "timezone", "is_ready", "created_at"]
    list_filter = ["is_ready"]
    search_fields = ["name", "schema_name", "domains__domain"]
    inlines = [DomainInline]
    readonly_fields = ["schema_name", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(schema_name="public")

    def has_add_permission(self, request):
        # Districts are provisioned by `create_district`, which clones the template schema.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a district drops its schema and every record in it: never a click away.
        return False


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "tenant", "is_primary"]
    search_fields = ["domain", "tenant__name"]
