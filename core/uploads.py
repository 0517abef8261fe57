"""Checking uploaded files: an allowed name ending, a size cap, and content that really is
what the name claims (judged by its first bytes), so a renamed program is refused.

Coaching attachments and micro-credential evidence both go through `checked_upload`.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import connection

from core.text import with_article

# What each file name ending must hold: (content type, label for people).
UPLOAD_TYPES = {
    ".pdf": ("application/pdf", "PDF"),
    ".png": ("image/png", "PNG"),
    ".jpg": ("image/jpeg", "JPEG"),
    ".jpeg": ("image/jpeg", "JPEG"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word (.docx)"),
    ".mp4": ("video/mp4", "MP4"),
    ".mov": ("video/quicktime", "QuickTime (.mov)"),
}
QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # the uploader's file name, without any folders
    content_type: str
    size: int


def _holds_what_it_claims(suffix: str, uploaded_file) -> bool:
    """Whether the content matches the name's type (its magic number, or for a .docx a
    zip with a Word document inside), so a renamed text file or program is refused."""
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".mp4":
        return head[4:8] == b"ftyp"
    if suffix == ".mov":
        return head[4:8] in QUICKTIME_ATOMS
    if suffix == ".docx":
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(uploaded_file) as archive:
                return "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            uploaded_file.seek(0)
    return False


def _size_in_words(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.3g} MB"
    if limit >= 1024:
        return f"{limit / 1024:.3g} KB"
    return f"{limit} bytes"


def upload_rule(max_bytes: int) -> str:
    """What may be uploaded, in words, for refusals and forms."""
    endings = ", ".join(sorted(UPLOAD_TYPES))
    kinds = "a PDF, PNG or JPEG image, Word (.docx) document, or MP4 or MOV video"
    return f"Attach {kinds} ({endings}), up to {_size_in_words(max_bytes)}."


def checked_upload(uploaded_file, *, max_bytes: int, field: str = "file") -> CheckedUpload:
    """The upload's name, type and size, or a ValidationError on `field` saying what is wrong."""
    rule = upload_rule(max_bytes)
    name = PurePosixPath((getattr(uploaded_file, "name", "") or "").replace("\\", "/")).name
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise ValidationError({field: f"This type of file is not accepted. {rule}"})
    if not uploaded_file.size:
        raise ValidationError({field: "The file is empty."})
    if uploaded_file.size > max_bytes:
        raise ValidationError({field: f"The file is too large. {rule}"})
    content_type, label = UPLOAD_TYPES[suffix]
    if not _holds_what_it_claims(suffix, uploaded_file):
        raise ValidationError({field: f"The file is not really {with_article(label)} file. {rule}"})
    return CheckedUpload(name=name[:255], content_type=content_type, size=uploaded_file.size)


def district_file_path(folder: str, filename: str) -> str:
    """A stored file's path: under the district's own folder, named by a random id (never
    the uploader's file name, which the model keeps beside it)."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"districts/{connection.schema_name}/{folder}/{uuid.uuid4().hex}{suffix}"
