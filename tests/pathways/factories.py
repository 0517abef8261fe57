"""Building blocks for pathways tests: competencies, micro-credentials, reviewers, evidence.

Everything is made directly with the ORM (set-up, not the behaviour under test); tests of
a workflow then drive it through the services or the API.
"""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessments.models import Framework, Item, ItemKind
from pathways.models import (
    CatalogStatus,
    MicroCredential,
    Requirement,
    RequirementKind,
    Reviewer,
)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 40  # a Linux program


def educators() -> Framework:
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def leaders() -> Framework:
    return Framework.objects.get(title__startswith="Building 21")


def competencies(framework=None, n=3) -> list[Item]:
    """Live competencies of a shipped framework, in framework order."""
    return list(
        Item.objects.filter(framework=framework or educators(), kind=ItemKind.COMPETENCY, is_retired=False)
        .order_by("depth", "sequence", "id")
        .select_related("parent")[:n]
    )


def competency(framework=None, index=0) -> Item:
    return competencies(framework, n=index + 1)[index]


def micro_credential(
    *,
    competency: Item | None = None,
    title="Questioning for deeper thinking",
    kinds=(RequirementKind.TEXT, RequirementKind.LINK, RequirementKind.FILE),
    status=CatalogStatus.PUBLISHED,
    roles=(),
    hours="2.0",
    **fields,
) -> MicroCredential:
    """A micro-credential with one requirement of each of `kinds` (a 200-word limit on text)."""
    mc = MicroCredential.objects.create(
        title=title,
        competency=competency or globals()["competency"](),
        summary=fields.pop("summary", "Shows the practice in a real classroom."),
        key_method=fields.pop("key_method", "Plan and ask open questions; wait; build on answers."),
        method_components=fields.pop(
            "method_components", ["Plan questions", "Wait time", "Build on answers"]
        ),
        rationale=fields.pop("rationale", "Open questions raise the level of student thinking."),
        resources=fields.pop("resources", [{"title": "Guide", "url": "https://example.org/guide"}]),
        roles=list(roles),
        hours=Decimal(hours),
        status=status,
        published_at=timezone.now() if status == CatalogStatus.PUBLISHED else None,
        **fields,
    )
    for position, kind in enumerate(kinds, start=1):
        Requirement.objects.create(
            micro_credential=mc,
            position=position,
            title=f"Requirement {position}",
            prompt=f"Prompt {position}: show the practice.",
            kind=kind,
            word_limit=200 if kind == RequirementKind.TEXT else None,
            passing_criteria=f"Passes when requirement {position} shows the practice clearly.",
        )
    return mc


def make_reviewer(user) -> Reviewer:
    return Reviewer.objects.create(person=user)


def upload(name="evidence.pdf", content=PDF, content_type="application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
