"""The one way a stored file or a built archive leaves Lodestar: as a download.

Pages and the API answer the same: the bytes as an attachment under the name people gave
the file, its content type, and a 404 (never a 500) when the file has gone missing from
storage while its record remains.
"""

from django.http import FileResponse, Http404


def file_download(source, *, filename: str, content_type: str | None = None) -> FileResponse:
    """`source` is a stored file (a FileField's value) or an open binary file (an archive
    built for this response)."""
    if hasattr(source, "storage"):
        try:
            source = source.open("rb")
        except (FileNotFoundError, ValueError):  # gone from storage, or no file at all
            raise Http404("The file is missing.") from None
    return FileResponse(source, as_attachment=True, filename=filename, content_type=content_type)
