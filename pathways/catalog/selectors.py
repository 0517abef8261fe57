"""The catalog's reads: what each person may see, filters, domains, and where the
person stands on each micro-credential."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import User
from assessments.models import Item, ItemKind, Theme
from core.api import get_or_404
from core.permissions import can
from pathways.models import (
    CatalogStatus,
    Credential,
    CredentialKind,
    MicroCredential,
    Requirement,
    Submission,
    SubmissionStatus,
)

# --- Selectors -------------------------------------------------------------------------


def micro_credential_list_for_actor(*, actor: User) -> QuerySet[MicroCredential]:
    """What is published, for everyone signed in; every version (drafts and retired ones
    too) for `catalog.manage`."""
    if not getattr(actor, "is_authenticated", False):
        return MicroCredential.objects.none()
    rows = MicroCredential.objects.select_related("competency")
    if can(actor, "catalog.manage"):
        return rows
    return rows.filter(status=CatalogStatus.PUBLISHED)


def micro_credential_get_for_actor(*, actor: User, micro_credential_id) -> MicroCredential:
    """One micro-credential: published or retired ones for everyone (a credential earned
    on a retired version still shows its scoring guide); drafts only for `catalog.manage`."""
    if not getattr(actor, "is_authenticated", False):
        return get_or_404(MicroCredential.objects.none(), micro_credential_id)
    rows = MicroCredential.objects.select_related("competency")
    if not can(actor, "catalog.manage"):
        rows = rows.exclude(status=CatalogStatus.DRAFT)
    return get_or_404(rows, micro_credential_id)


def _under(domain_id: int) -> RawSQL:
    """The ids of every item below `domain_id`, however deep the framework (one query)."""
    table = Item._meta.db_table
    return RawSQL(
        f"WITH RECURSIVE below(id) AS (SELECT id FROM {table} WHERE parent_id = %s "
        f"UNION ALL SELECT i.id FROM {table} i JOIN below b ON i.parent_id = b.id) SELECT id FROM below",
        [domain_id],
    )


def _filtered(rows: QuerySet[MicroCredential], *, competency=None, domain=None, theme=None,
              role=None, q=None, status=None) -> QuerySet[MicroCredential]:  # fmt: skip
    """Narrow a catalog queryset; values come from `catalog_filters_parse`."""
    if status:
        rows = rows.filter(status=status)
    if competency:
        rows = rows.filter(competency_id=competency)
    if domain:
        rows = rows.filter(competency_id__in=_under(domain))
    if theme:
        rows = rows.filter(competency__themes=theme)
    if role:
        rows = rows.filter(Q(roles__contains=[role]) | Q(roles=[]))
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return rows


def _for_display(rows: QuerySet[MicroCredential]) -> QuerySet[MicroCredential]:
    """Rows ready for a list: competency with its themes (one query) and a requirement count."""
    return (
        rows.select_related("competency")
        .prefetch_related(Prefetch("competency__themes", queryset=Theme.objects.order_by("position", "id")))
        .annotate(requirement_count=Count("requirements", distinct=True))
    )


def micro_credential_catalog_for_actor(*, actor: User, filters: dict) -> QuerySet[MicroCredential]:
    """The catalog as the actor browses it: what they may see, narrowed by `filters` (from
    `catalog_filters_parse` in pathways/catalog/filters.py, or the page's form), ready for a
    list, by title then the newest version first."""
    rows = _filtered(micro_credential_list_for_actor(actor=actor), **filters)
    return _for_display(rows).order_by("title", "-version", "id")


def catalog_filter_choices_for_actor(*, actor: User) -> tuple[list[Item], list[Item], list[Theme]]:
    """What the catalog's filters offer: the competencies that have something in the
    catalog the actor sees, the top-level domains and themes of their frameworks (three
    queries)."""
    competency_ids = micro_credential_list_for_actor(actor=actor).values("competency_id")
    competencies = list(
        Item.objects.filter(pk__in=competency_ids).order_by("framework_id", "depth", "sequence", "id")
    )
    frameworks = {c.framework_id for c in competencies}
    domains = list(
        Item.objects.filter(framework_id__in=frameworks, parent__isnull=True, is_retired=False)
        .exclude(kind=ItemKind.INDICATOR)
        .order_by("framework_id", "sequence", "id")
    )
    themes = list(
        Theme.objects.filter(framework_id__in=frameworks)
        .select_related("framework")
        .order_by("framework_id", "position", "id")
    )
    return competencies, domains, themes


def competency_choices_for_actor(*, actor: User) -> QuerySet[Item]:
    """The live competencies a micro-credential may certify, framework by framework."""
    return (
        Item.objects.filter(kind=ItemKind.COMPETENCY, is_retired=False)
        .select_related("framework")
        .order_by("framework__title", "framework_id", "depth", "sequence", "id")
    )


def micro_credential_requirement_list(*, actor: User, micro_credential: MicroCredential) -> list[Requirement]:
    """A micro-credential's requirements in order (one the actor got from
    `micro_credential_get_for_actor`)."""
    return list(micro_credential.requirements.order_by("position"))


def micro_credential_detail_for_actor(*, actor: User, micro_credential: MicroCredential) -> MicroCredential:
    """A micro-credential (one the actor got from `micro_credential_get_for_actor` or just
    wrote) with everything its page and API show: competency and its themes, the
    requirements in order (`requirement_list`, `theme_list`), the requirement count, its
    domain, and the actor's `standing` on its lineage."""
    mc = (
        _for_display(MicroCredential.objects.filter(pk=micro_credential.pk))
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.order_by("position")))
        .get()
    )
    micro_credential_rows_for_actor(actor=actor, rows=[mc])
    mc.requirement_list = list(mc.requirements.all())
    mc.theme_list = list(mc.competency.themes.all())
    return mc


def micro_credential_rows_for_actor(*, actor: User, rows) -> list[MicroCredential]:
    """The rows of a page of the catalog, each with its `domain` and the actor's `standing`
    on its lineage (three queries, whatever the number of rows)."""
    rows = list(rows)
    _attach_domains(rows)
    standings = standing_for_actor(actor=actor, lineages=[mc.lineage for mc in rows])
    for mc in rows:
        mc.standing = standings.get(str(mc.lineage), NOT_STARTED)
    return rows


def _attach_domains(rows) -> None:
    """Set `domain` on each micro-credential: the top-level item above its competency (or
    None when the competency is itself top-level). One query, however deep the tree."""
    rows = list(rows)
    ids = sorted({mc.competency_id for mc in rows})
    roots: dict[int, Item] = {}
    if ids:
        table = Item._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE up(start_id, id, parent_id) AS ("
                f"SELECT id, id, parent_id FROM {table} WHERE id = ANY(%s) "
                f"UNION ALL SELECT up.start_id, i.id, i.parent_id FROM {table} i "
                f"JOIN up ON i.id = up.parent_id) "
                f"SELECT up.start_id, i.id, i.code, i.title, i.statement, i.kind FROM up "
                f"JOIN {table} i ON i.id = up.id WHERE up.parent_id IS NULL AND up.id <> up.start_id",
                [ids],
            )
            for start_id, pk, code, title, statement, kind in cursor.fetchall():
                roots[start_id] = Item(pk=pk, code=code, title=title, statement=statement, kind=kind)
    for mc in rows:
        mc.domain = roots.get(mc.competency_id)


# --- The actor's standing --------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where a person stands on a micro-credential's lineage."""

    state: str  # not_started, in_progress, submitted, in_review, earned, not_yet
    attempts: int = 0  # attempts made at the version of the latest attempt
    submission_id: int | None = None  # the latest attempt
    micro_credential_id: int | None = None  # the version that attempt answered
    credential_public_id: str | None = None

    LABELS = {
        "not_started": "Not started",
        "in_progress": "In progress",
        "submitted": "Submitted",
        "in_review": "In review",
        "earned": "Earned",
        "not_yet": "Not yet",
    }

    @property
    def label(self) -> str:
        return self.LABELS[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in ("in_progress", "submitted", "in_review")


NOT_STARTED = Standing(state="not_started")


def standing_for_actor(*, actor: User, lineages) -> dict[str, "Standing"]:
    """{lineage: Standing} for the actor on each lineage (missing = not started), read from
    their submissions and valid credentials in two queries. A valid credential in the
    lineage is "earned"; otherwise the latest attempt's status counts (an earned attempt
    whose credential was revoked counts as not started)."""
    lineages = {str(lineage) for lineage in lineages}
    if not lineages or not getattr(actor, "is_authenticated", False):
        return {}
    attempts = (
        Submission.objects.filter(person=actor, micro_credential__lineage__in=lineages)
        .order_by("started_at", "id")
        .values_list("pk", "micro_credential_id", "micro_credential__lineage", "status")
    )
    held = dict(
        Credential.objects.filter(
            person=actor,
            kind=CredentialKind.MICRO_CREDENTIAL,
            revoked_at__isnull=True,
            micro_credential__lineage__in=lineages,
        )
        .order_by("issued_at", "id")
        .values_list("micro_credential__lineage", "public_id")
    )
    latest: dict = {}
    counts: dict = {}
    for pk, mc_id, lineage, status in attempts:
        latest[lineage] = (pk, mc_id, status)
        counts[(lineage, mc_id)] = counts.get((lineage, mc_id), 0) + 1
    out = {}
    for lineage in {*latest, *held}:
        pk, mc_id, status = latest.get(lineage, (None, None, None))
        used = counts.get((lineage, mc_id), 0)
        if lineage in held:
            state = "earned"
        elif status is None or status == SubmissionStatus.EARNED:
            state = "not_started"
        else:
            state = status
        out[str(lineage)] = Standing(
            state=state,
            attempts=used,
            submission_id=pk,
            micro_credential_id=mc_id,
            credential_public_id=str(held[lineage]) if lineage in held else None,
        )
    return out
