from district.models import District


def district_list_ready():
    """Districts that finished provisioning: the only ones background work touches."""
    return District.objects.ready().exclude(schema_name="public").order_by("schema_name")


def district_list():
    return District.objects.exclude(schema_name="public").prefetch_related("domains").order_by("schema_name")
