from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in (m for e in errors for m in e.messages):
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def submit(request, form, action):
    """On a valid POST, hand the cleaned data to `action` (a service call) and return its
    result; a ValidationError from the service is shown on the form and None returned."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


def changed_fields(form) -> dict:
    """Only what the person changed, so an edit never rewrites fields it did not touch."""
    return {field: form.cleaned_data[field] for field in form.changed_data}
