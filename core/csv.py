"""CSV downloads, streamed row by row so a large table never sits whole in memory."""

import csv

from django.http import StreamingHttpResponse

# A text cell starting with one of these is read as a formula by spreadsheet programs
# (CSV injection): a goal statement such as `=HYPERLINK(...)` written by one person would
# run on the computer of whoever opens the download. Such text gets a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() hands the line back instead of storing it."""

    def write(self, value):
        return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(*, filename: str, header: list[str], rows) -> StreamingHttpResponse:
    """A streamed CSV download: `rows` is any iterable of sequences, read lazily. Text that
    a spreadsheet would take for a formula is written with a leading apostrophe."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a byte-order mark, so spreadsheet programs read UTF-8 names right
        yield writer.writerow([_cell(value) for value in header])
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
