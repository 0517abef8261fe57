"""Small pieces every API module uses."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.metadata import SimpleMetadata


def parse(serializer_class, data, **kwargs) -> dict:
    """Validate request input with an input serializer; raises a 400 naming the fields.

    Fields the endpoint does not know are refused by name rather than silently dropped,
    so `{"is_superuser": true}` can never look like it worked.
    """
    if hasattr(data, "keys"):
        unknown = sorted(set(data.keys()) - set(serializer_class().fields))
        if unknown:
            raise serializers.ValidationError({field: ["Unknown field."] for field in unknown})
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
            },
        )
    },
)

ERRORS_READ = {
    401: OpenApiResponse(ErrorSerializer, description="Not signed in, or the token is invalid."),
    404: OpenApiResponse(ErrorSerializer, description="Missing, or not visible to you."),
}
ERRORS_WRITE = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input; `fields` names each field."),
    401: ERRORS_READ[401],
    403: OpenApiResponse(ErrorSerializer, description="Your role does not allow this."),
    404: ERRORS_READ[404],
}


def resolve(field: str, getter, **kwargs):
    """Look up an object named by id in a request body; unknown ids are a 400 on that field."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    try:
        return getter(**kwargs)
    except Http404:
        raise ValidationError({field: "No such record in this district."}) from None


def get_or_404(queryset, pk):
    """Fetch by primary key from an already-scoped queryset; a malformed id is just missing."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    return get_object_or_404(queryset, pk=pk)


MAX_ID = 2**63 - 1


def as_id(value) -> int | None:
    """An id as an int (pages and JSON hand over strings and numbers), or None when it
    cannot name a row: not a whole number, a boolean, or out of the database's range."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


class Metadata(SimpleMetadata):
    """What `OPTIONS` answers on every endpoint: its name, description and the formats
    it reads and writes. Not DRF's `actions`: to describe PUT it calls `get_object()`,
    which on an action without an id (`/notifications/preferences/`) was a 500 and on
    others would audit a read nobody made, and it describes the output serializer as if
    it were the input. The fields of each request are in the OpenAPI schema."""

    def determine_actions(self, request, view):
        return {}


class DistrictDateField(serializers.DateField):
    """A date a district can mean (core.dates.validate_district_date); the range is in the
    schema's description."""

    def __init__(self, **kwargs):
        from core.dates import DATE_RANGE_HELP, validate_district_date

        kwargs["validators"] = [*kwargs.get("validators", []), validate_district_date]
        kwargs["help_text"] = " ".join(filter(None, [kwargs.get("help_text"), DATE_RANGE_HELP]))
        super().__init__(**kwargs)


class DistrictDateTimeField(serializers.DateTimeField):
    """A moment a district can mean: its date within the range of DistrictDateField."""

    def __init__(self, **kwargs):
        from core.dates import DATE_RANGE_HELP, validate_district_date

        kwargs["validators"] = [*kwargs.get("validators", []), validate_district_date]
        kwargs["help_text"] = " ".join(filter(None, [kwargs.get("help_text"), DATE_RANGE_HELP]))
        super().__init__(**kwargs)
