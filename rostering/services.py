"""Writes of rostering: imports (upload, dry run, apply, REST pull), the role mapping and
the REST provider's settings.

An import is a job: `roster_import_create` stores the bundle and queues
`rostering.tasks.run_import`, which calls `roster_import_run` (read, validate, plan; and
apply at once when it is not a dry run). `roster_import_apply` queues the apply of a dry
run, which reads the bundle again and plans afresh before writing, so what is written
matches the district as it is then. A bundle with any error is refused whole and nothing
is written. Each sync ends by calling `roster_sync_completed`.
"""

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from core.permissions import require
from core.roles import DISTRICT_ROLES, SCHOOL_ROLES
from rostering.apply import apply_plan
from rostering.bundle import MAX_BUNDLE_BYTES, BundleError, Roster, read_zip
from rostering.models import (
    ImportSource,
    ImportStatus,
    RoleMapping,
    RosterImport,
    RosterProvider,
    RosterVersion,
)
from rostering.plan import build_plan
from rostering.progress import progress_set
from rostering.rest import ProviderError, fetch_roster
from schools.models import School
from webhooks.services import api_path, event_emit, event_emit_many

Progress = Callable[[str, int], None]


def _check_upload(upload) -> bytes:
    name = PurePosixPath((getattr(upload, "name", "") or "").replace("\\", "/")).name
    if upload is None or not name:
        raise ValidationError({"file": "Attach the OneRoster bundle (a .zip file)."})
    if not upload.size:
        raise ValidationError({"file": "The file is empty."})
    if upload.size > MAX_BUNDLE_BYTES:
        raise ValidationError(
            {"file": f"The file is too large: at most {MAX_BUNDLE_BYTES // (1024 * 1024)} MB."}
        )
    data = upload.read()
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        raise ValidationError(
            {"file": "This is not a zip file. Upload the OneRoster CSV bundle (.zip)."}
        ) from None
    if not any(n.rsplit("/", 1)[-1] == "manifest.csv" for n in names):
        raise ValidationError({"file": "manifest.csv: missing from the zip; this is not a OneRoster bundle."})
    return data


@transaction.atomic
def roster_import_create(
    *, actor: User | None, upload, dry_run: bool = True, source: str = ImportSource.UPLOAD, queue: bool = True
) -> RosterImport:
    """Store an uploaded bundle and queue its dry run (or, with dry_run=False, its sync);
    `queue=False` leaves running it to the caller (the command runs the job in process).

    Refuses, naming `file`, what is not a zip with a manifest or is too large."""
    require(actor, "roster.import")
    data = _check_upload(upload)
    name = PurePosixPath((upload.name or "bundle.zip").replace("\\", "/")).name[:255]
    roster_import = RosterImport(source=source, dry_run=dry_run, filename=name, created_by=actor)
    roster_import.file.save("bundle.zip", ContentFile(data), save=False)
    roster_import.save()
    audit(actor=actor, action="roster_import.created", target=roster_import, data={"dry_run": dry_run})
    if queue:
        from rostering.tasks import run_import

        run_import.delay_on_commit(roster_import.pk)
    return roster_import


def _known_org_ids() -> frozenset[str]:
    return frozenset(School.objects.exclude(sourced_id="").values_list("sourced_id", flat=True))


def _read(roster_import: RosterImport) -> Roster:
    """The roster of an import: its stored bundle, or a fresh pull from the provider."""
    if roster_import.source == ImportSource.REST:
        provider = RosterProvider.objects.get_or_create(pk=1)[0]
        return fetch_roster(
            version=provider.version,
            base_url=provider.base_url,
            token_url=provider.token_url,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            known_org_ids=_known_org_ids(),
        )
    with roster_import.file.open("rb") as bundle:
        return read_zip(bundle.read(), known_org_ids=_known_org_ids())


def _finish(roster_import: RosterImport, status: str, **fields) -> RosterImport:
    for name, value in fields.items():
        setattr(roster_import, name, value)
    roster_import.status = status
    roster_import.save()
    return roster_import


def _lock_district_rostering() -> None:
    """One sync at a time per district: a transaction-scoped advisory lock on its schema."""
    with connection.cursor() as cursor:
        schema = getattr(connection, "schema_name", "public")
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"rostering:{schema}"])


def roster_import_run(*, roster_import_id: int, progress: Progress | None = None) -> RosterImport:
    """The job: read and validate the roster, plan it, and unless it is a dry run apply it.

    Errors (a bad bundle, a code or email that is someone else's) refuse it whole; a
    provider failure fails it; in both cases nothing about schools or people is written."""
    roster_import = RosterImport.objects.get(pk=roster_import_id)
    report = _reporter(roster_import.pk, progress)
    if roster_import.status not in (ImportStatus.QUEUED, ImportStatus.APPLYING):
        return roster_import  # a redelivered task: already done
    applying = roster_import.status == ImportStatus.APPLYING or not roster_import.dry_run
    if roster_import.status == ImportStatus.QUEUED:
        _finish(roster_import, ImportStatus.RUNNING)
    report("reading", 5)
    try:
        roster = _read(roster_import)
    except BundleError as error:
        return _finish(roster_import, ImportStatus.REFUSED, errors=error.errors)
    except ProviderError as error:
        return _finish(roster_import, ImportStatus.FAILED, failure=str(error))
    roster_import.version, roster_import.mode = roster.version, roster.mode
    if roster.errors:
        return _finish(roster_import, ImportStatus.REFUSED, errors=roster.errors)
    try:
        with transaction.atomic():
            _lock_district_rostering()
            report("planning", 8)
            plan = build_plan(roster)
            if plan.errors:
                return _finish(roster_import, ImportStatus.REFUSED, errors=plan.errors)
            roster_import.counts, roster_import.plan = plan.counts(), plan.rows
            roster_import.planned_at = timezone.now()
            if not applying:
                report("done", 100)
                return _finish(roster_import, ImportStatus.PLANNED)
            actor = roster_import.applied_by or roster_import.created_by
            touched = apply_plan(
                plan=plan, actor=actor, cause=f"roster_import:{roster_import.pk}", progress=report
            )
            roster_import.applied_at = timezone.now()
            _finish(roster_import, ImportStatus.APPLIED)
            roster_sync_completed(roster_import=roster_import, touched=touched)
    except ValidationError as error:
        return _finish(
            roster_import, ImportStatus.REFUSED, errors=[f"users.csv:0: role: {m}" for m in error.messages]
        )
    except Exception as error:
        _finish(roster_import, ImportStatus.FAILED, failure=f"Unexpected error: {error.__class__.__name__}.")
        raise
    report("done", 100)
    return roster_import


def _reporter(import_id: int, progress: Progress | None) -> Progress:
    def report(stage: str, percent: int) -> None:
        progress_set(import_id, stage, percent)
        if progress:
            progress(stage, percent)

    return report


@transaction.atomic
def roster_import_apply(*, actor: User | None, roster_import: RosterImport) -> RosterImport:
    """Apply a dry run. Only a dry run that is ready may be applied, once."""
    require(actor, "roster.import")
    locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if locked.status != ImportStatus.PLANNED:
        state = locked.get_status_display().lower()
        raise ValidationError({"status": f"Only a ready dry run can be applied; this one is {state}."})
    locked.status = ImportStatus.APPLYING
    locked.applied_by = actor if getattr(actor, "pk", None) else None
    locked.save(update_fields=["status", "applied_by"])
    audit(actor=actor, action="roster_import.apply_requested", target=locked)
    from rostering.tasks import run_import

    run_import.delay_on_commit(locked.pk)
    return locked


def roster_sync_completed(*, roster_import: RosterImport, touched: dict) -> None:
    """The end of every applied sync, inside its transaction: the audit row of the sync, and
    the webhook events (`person.created/updated/deactivated` for each person `touched`, then
    `roster.sync_completed`), in the outbox of the same transaction, so they exist exactly
    when the sync does. A few queries per kind, whatever the number of people."""
    audit(
        actor=roster_import.applied_by or roster_import.created_by,
        action="roster.sync_completed",
        target=roster_import,
        data={"counts": roster_import.counts, "source": roster_import.source},
    )
    cause = {"roster_import": roster_import.pk}
    for kind in ("created", "updated", "deactivated"):
        event_emit_many(
            type=f"person.{kind}",
            items=[
                ({"person": pk, "cause": cause, "links": {"person": api_path("person", pk)}}, None)
                for pk in touched.get(f"people_{kind}", [])
            ],
        )
    event_emit(
        type="roster.sync_completed",
        data={
            "roster_import": roster_import.pk,
            "source": roster_import.source,
            "counts": roster_import.counts,
            "links": {"roster_import": api_path("roster-import", roster_import.pk)},
        },
    )


@transaction.atomic
def roster_pull_start(*, actor: User | None, dry_run: bool = False) -> RosterImport | None:
    """Queue a pull from the district's REST provider (nightly, or an admin's "pull now").
    None when no provider is enabled."""
    require(actor, "roster.import")
    provider = RosterProvider.objects.filter(pk=1, enabled=True).first()
    if provider is None:
        if actor is not None:
            raise ValidationError({"enabled": "Set up and enable the OneRoster provider first."})
        return None
    roster_import = RosterImport.objects.create(
        source=ImportSource.REST,
        dry_run=dry_run,
        version=provider.version,
        created_by=actor,
        filename=urlparse(provider.base_url).netloc,
    )
    audit(actor=actor, action="roster_import.created", target=roster_import, data={"dry_run": dry_run})
    from rostering.tasks import run_import

    run_import.delay_on_commit(roster_import.pk)
    return roster_import


@transaction.atomic
def role_mapping_update(
    *, actor: User | None, mapping: RoleMapping, at_school: str, at_district: str
) -> RoleMapping:
    """Change what one OneRoster role becomes: at a school a school role (teacher, coach,
    school leader) or nothing; at the district a district role or nothing."""
    require(actor, "roster.import")
    errors = {}
    if at_school and at_school not in SCHOOL_ROLES:
        errors["at_school"] = "At a school, choose teacher, instructional coach, school leader or nothing."
    if at_district and at_district not in DISTRICT_ROLES:
        errors["at_district"] = "At the district, choose central office, district administrator or nothing."
    if errors:
        raise ValidationError(errors)
    before = {"at_school": mapping.at_school, "at_district": mapping.at_district}
    if before != {"at_school": at_school, "at_district": at_district}:
        mapping.at_school, mapping.at_district = at_school, at_district
        mapping.save()
        audit(actor=actor, action="role_mapping.updated", target=mapping, data={"before": before})
    return mapping


PROVIDER_FIELDS = ("enabled", "version", "base_url", "token_url", "client_id", "client_secret")


@transaction.atomic
def roster_provider_update(*, actor: User | None, **changes) -> RosterProvider:
    """Change the REST provider's settings. The secret is write-only: it is kept when not
    given, and never audited. Enabling needs a base URL, token URL, client id and secret."""
    require(actor, "roster.import")
    unknown = sorted(set(changes) - set(PROVIDER_FIELDS))
    if unknown:
        raise ValidationError({name: "Unknown field." for name in unknown})
    provider, _ = RosterProvider.objects.select_for_update().get_or_create(pk=1)
    if "version" in changes and changes["version"] not in RosterVersion.values:
        raise ValidationError({"version": "Choose 1.1 or 1.2."})
    if not changes.get("client_secret", "x"):
        changes.pop("client_secret")  # blank keeps the secret
    before = {name: getattr(provider, name) for name in changes if name != "client_secret"}
    for name, value in changes.items():
        setattr(provider, name, value.strip() if isinstance(value, str) else value)
    provider.full_clean()
    if provider.enabled:
        missing = {
            name: "Required to pull the roster."
            for name in ("base_url", "token_url", "client_id", "client_secret")
            if not getattr(provider, name)
        }
        if missing:
            raise ValidationError(missing)
    provider.save()
    audit(
        actor=actor,
        action="roster_provider.updated",
        target=provider,
        data={"before": before, "secret_changed": "client_secret" in changes},
    )
    return provider


SAMPLE_FILENAME = "sample-oneroster-1.2.zip"


def roster_sample_path() -> str:
    """Where the district's sample bundle (seed_demo writes riverside's) is stored."""
    schema = getattr(connection, "schema_name", "public")
    return f"districts/{schema}/roster/{SAMPLE_FILENAME}"


def roster_sample_store(*, content: bytes) -> str:
    """Keep a sample bundle admins can download from the roster page to try an import."""
    from django.core.files.storage import default_storage

    path = roster_sample_path()
    if default_storage.exists(path):
        default_storage.delete(path)
    return default_storage.save(path, ContentFile(content))
