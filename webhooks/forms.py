from django import forms

from webhooks.catalogue import EVENT_TYPES, SUBSCRIBABLE


class EndpointForm(forms.Form):
    url = forms.URLField(
        label="URL", max_length=500, assume_scheme="https", help_text="Where Lodestar POSTs events (https)."
    )
    description = forms.CharField(max_length=200, required=False)
    event_types = forms.MultipleChoiceField(
        label="Event types",
        choices=[(name, f"{name}: {EVENT_TYPES[name].description}") for name in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Leave all unticked to receive every event type.",
    )


class EndpointEditForm(EndpointForm):
    enabled = forms.BooleanField(required=False, help_text="A disabled endpoint is sent nothing.")
