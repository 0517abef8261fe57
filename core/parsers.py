"""What every JSON body must be before any endpoint reads it.

Two kinds of body parse as JSON and still break everything after the parser:

- nesting deeper than `MAX_DEPTH` levels (Python's parser, the validators and the error
  renderer all recurse; a body 1,000 levels deep used to be a 500). Nothing the API
  accepts is nested more than a few levels, so such a body is a 400 `parse_error`;
- a string holding a lone surrogate (`"\\ud800"`: JSON's escapes allow it, UTF-8 cannot
  encode it, so it can be neither stored nor echoed back in an error). It is a 400
  naming the field, and the message never repeats the value.

`JSONParser` is the API's default parser; pages that read JSON themselves use `loads`.
"""

import json

from rest_framework import exceptions, parsers

MAX_DEPTH = 32
TOO_DEEP = f"The JSON is nested more than {MAX_DEPTH} levels deep."
UNDECODABLE = "Contains characters that are not valid Unicode (a lone surrogate)."


class JsonRefusedError(ValueError):
    """A body that parsed as JSON but may not go further. `too_deep`, or else a string
    that is not valid Unicode in `field` (the top-level key it sits under, None for the
    body as a whole)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field, self.too_deep = message, field, message == TOO_DEEP


def _undecodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check(data) -> None:
    """Refuse data nested deeper than MAX_DEPTH or holding a string (value or key) that
    UTF-8 cannot encode. Iterative, so its own depth is not a limit."""
    stack = [(data, 1, None)]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, str):
            if _undecodable(value):
                raise JsonRefusedError(UNDECODABLE, field)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise JsonRefusedError(TOO_DEEP)
            items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
            for key, item in items:
                if isinstance(key, str) and _undecodable(key):
                    raise JsonRefusedError(UNDECODABLE, field)
                here = field if field is not None or depth > 1 else key
                stack.append((item, depth + 1, here))


def loads(raw: str | bytes):
    """`json.loads` within the limits above; raises `JsonRefusedError` (a ValueError, as
    malformed JSON is) for a body that is too deep or not valid Unicode."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise JsonRefusedError(TOO_DEEP) from None
    check(data)
    return data


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser within the limits above: too deep is a 400 `parse_error`, a lone
    surrogate a 400 `invalid` naming the field (never echoing the value)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(f"JSON parse error - {TOO_DEEP}") from None
        try:
            check(data)
        except JsonRefusedError as refused:
            if refused.too_deep:
                raise exceptions.ParseError(f"JSON parse error - {TOO_DEEP}") from None
            field = refused.field or "non_field_errors"
            raise exceptions.ValidationError({field: [refused.message]}) from None
        return data
