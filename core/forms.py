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
