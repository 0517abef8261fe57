"""Reading a OneRoster 1.1 or 1.2 roster into plain records, refusing it whole on any error.

A CSV bundle is a zip with `manifest.csv` (`oneroster.version`, and `file.<name>` as bulk,
delta or absent), `orgs.csv`, `users.csv` and, in 1.2, `roles.csv`. A REST pull hands the
same columns over as rows (rostering/rest.py), so both go through `read_rows`. Every error
is `file:line: column: message` (line 1 is the header; 0 is the file as a whole).
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

MAX_BUNDLE_BYTES = 25 * 1024 * 1024  # the zip as uploaded
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # one CSV inside it, uncompressed (a zip bomb stops here)
FILES = ("orgs", "users", "roles")
VERSIONS = ("1.1", "1.2")
FILE_MODES = ("bulk", "delta", "absent")
STATUSES = {"1.1": ("", "active", "tobedeleted", "inactive"), "1.2": ("", "active", "tobedeleted")}
ORG_TYPES = ("department", "school", "district", "local", "state", "national")
ROLES = {
    "1.1": ("administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"),
    "1.2": (
        "aide",
        "counselor",
        "districtAdministrator",
        "guardian",
        "parent",
        "principal",
        "proctor",
        "relative",
        "siteAdministrator",
        "student",
        "systemAdministrator",
        "teacher",
    ),
}
# Roles of people who are not staff: such rows are counted and never stored.
NOT_STAFF = frozenset({"student", "guardian", "parent", "relative"})
REQUIRED = {
    ("1.1", "orgs"): ("sourcedId", "name", "type"),
    ("1.1", "users"): (
        "sourcedId",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "givenName",
        "familyName",
    ),
    ("1.2", "orgs"): ("sourcedId", "name", "type"),
    ("1.2", "users"): ("sourcedId", "enabledUser", "username", "givenName", "familyName"),
    ("1.2", "roles"): ("sourcedId", "userSourcedId", "roleType", "role", "orgSourcedId"),
}


class BundleError(Exception):
    """The bundle cannot be read at all (not a zip, too large, no manifest)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Org:
    sourced_id: str
    status: str
    name: str
    type: str
    identifier: str
    parent: str
    line: int

    @property
    def deleted(self) -> bool:
        return self.status == "tobedeleted"


@dataclass
class Person:
    sourced_id: str
    status: str
    enabled: bool
    given_name: str
    family_name: str
    email: str
    username: str
    line: int
    roles: list[tuple[str, str]] = field(default_factory=list)  # (OneRoster role, org sourcedId)
    removed_roles: list[tuple[str, str]] = field(default_factory=list)  # tobedeleted role rows (delta)
    role_lines: dict[str, int] = field(default_factory=dict)  # org sourcedId -> the line giving it

    @property
    def deleted(self) -> bool:
        return self.status == "tobedeleted" or not self.enabled

    @property
    def is_staff(self) -> bool:
        return any(role not in NOT_STAFF for role, _ in self.roles + self.removed_roles)


@dataclass
class Roster:
    version: str
    modes: dict[str, str]  # file name -> bulk / delta / absent
    orgs: dict[str, Org] | None  # None when the orgs file is absent
    people: list[Person]
    errors: list[str] = field(default_factory=list)

    @property
    def mode(self) -> str:
        for name in ("users", "orgs"):
            if self.modes.get(name) in ("bulk", "delta"):
                return self.modes[name]
        return "delta"


def _error(errors, file, line, column, message):
    errors.append(f"{file}.csv:{line}: {column}: {message}")


def _decode(archive: zipfile.ZipFile, name: str, errors: list[str]) -> str | None:
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        errors.append(f"{name}:0: file: too large ({info.file_size:,} bytes uncompressed).")
        return None
    try:
        return archive.read(name).decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.append(f"{name}:0: file: not UTF-8 text.")
        return None


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    rows = []
    for values in reader:
        if not any(value.strip() for value in values):
            rows.append({})  # a blank line keeps its number
            continue
        rows.append(
            {column: (values[i].strip() if i < len(values) else "") for i, column in enumerate(header)}
        )
    return header, rows


def read_zip(uploaded, *, known_org_ids: frozenset[str] = frozenset()) -> Roster:
    """A roster from a zip (a file object or bytes). Raises BundleError when it cannot be
    read at all; row errors are in `Roster.errors`."""
    data = uploaded if isinstance(uploaded, bytes) else uploaded.read()
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleError([f"bundle:0: file: too large ({len(data):,} bytes; at most {MAX_BUNDLE_BYTES:,})."])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BundleError(["bundle:0: file: not a zip file."]) from None
    names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist() if not name.endswith("/")}
    if "manifest.csv" not in names:
        raise BundleError(["manifest.csv:0: file: missing from the zip."])
    errors: list[str] = []
    text = _decode(archive, names["manifest.csv"], errors)
    if text is None:
        raise BundleError(errors)
    _, manifest_rows = _csv_rows(text)
    manifest = {row.get("propertyName", ""): row.get("value", "") for row in manifest_rows if row}
    version = manifest.get("oneroster.version", "")
    if version not in VERSIONS:
        raise BundleError([f"manifest.csv:0: oneroster.version: must be 1.1 or 1.2, not {version!r}."])
    modes = {}
    tables: dict[str, tuple[list[str], list[dict]] | None] = {}
    for name in FILES:
        if name == "roles" and version == "1.1":
            continue
        mode = manifest.get(f"file.{name}", "absent" if f"{name}.csv" not in names else "bulk")
        if mode not in FILE_MODES:
            errors.append(f"manifest.csv:0: file.{name}: must be bulk, delta or absent, not {mode!r}.")
            mode = "absent"
        modes[name] = mode
        if mode == "absent":
            tables[name] = None
            continue
        if f"{name}.csv" not in names:
            errors.append(f"{name}.csv:0: file: the manifest says {mode}, but the zip has no {name}.csv.")
            tables[name] = None
            continue
        text = _decode(archive, names[f"{name}.csv"], errors)
        tables[name] = _csv_rows(text) if text is not None else None
    if errors:
        raise BundleError(errors)
    return read_rows(version=version, modes=modes, tables=tables, known_org_ids=known_org_ids)


def _check_date(errors, file, line, column, value, *, with_time: bool):
    if not value:
        return
    try:
        if with_time:
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        else:
            datetime.date.fromisoformat(value)
    except ValueError:
        kind = "date and time (2024-08-01T12:00:00Z)" if with_time else "date (YYYY-MM-DD)"
        _error(errors, file, line, column, f"not a {kind}: {value!r}.")


def read_rows(*, version, modes, tables, known_org_ids=frozenset()) -> Roster:
    """A roster from header + rows per file (`tables[name]` is None when absent)."""
    errors: list[str] = []
    for (v, name), required in REQUIRED.items():
        if v != version or tables.get(name) is None:
            continue
        header = tables[name][0]
        for column in required:
            if column not in header:
                _error(errors, name, 1, column, "required column missing.")
    if errors:
        return Roster(version=version, modes=modes, orgs=None, people=[], errors=errors)

    orgs = _read_orgs(version, tables.get("orgs"), errors)
    people = _read_users(version, tables.get("users"), errors)
    if version == "1.2":
        _read_roles(tables.get("roles"), people, errors)
    known = set(known_org_ids) | set(orgs or {})
    for org in (orgs or {}).values():
        if org.parent and org.parent not in known:
            _error(errors, "orgs", org.line, "parentSourcedId", f"unknown org {org.parent!r}.")
    roles_file = "roles" if version == "1.2" else "users"
    for person in people.values():
        for _role, org_id in person.roles:
            if org_id not in known:
                column = "orgSourcedId" if version == "1.2" else "orgSourcedIds"
                line = person.role_lines.get(org_id, person.line)
                _error(errors, roles_file, line, column, f"unknown org {org_id!r}.")
    return Roster(
        version=version, modes=modes, orgs=orgs, people=list(people.values()), errors=in_order(errors)
    )


def in_order(errors: list[str]) -> list[str]:
    """Errors by file and line (stable within a line), as a person fixes them."""

    def key(error: str):
        file, line, _ = error.split(":", 2)
        return (file, int(line) if line.isdigit() else 0)

    return sorted(errors, key=key)


def _check_status(errors, version, file, line, value):
    if value not in STATUSES[version]:
        _error(
            errors,
            file,
            line,
            "status",
            f"must be {' or '.join(s for s in STATUSES[version] if s)}, not {value!r}.",
        )


def _rows_with_new_ids(table, file, known, errors):
    """(line, row, sourcedId) for each non-empty row whose sourcedId is given and not yet in
    `known` (filled by the caller as it goes); the others become errors."""
    for line, row in enumerate(table[1], start=2):
        if not row:
            continue
        sid = row.get("sourcedId", "")
        if not sid:
            _error(errors, file, line, "sourcedId", "required.")
        elif sid in known:
            _error(errors, file, line, "sourcedId", f"duplicate {sid!r} (first on line {known[sid].line}).")
        else:
            yield line, row, sid


def _read_orgs(version, table, errors) -> dict[str, Org] | None:
    if table is None:
        return None
    orgs: dict[str, Org] = {}
    for line, row, sid in _rows_with_new_ids(table, "orgs", orgs, errors):
        _check_status(errors, version, "orgs", line, row.get("status", ""))
        _check_date(errors, "orgs", line, "dateLastModified", row.get("dateLastModified", ""), with_time=True)
        kind = row.get("type", "")
        if kind not in ORG_TYPES:
            _error(errors, "orgs", line, "type", f"must be one of {', '.join(ORG_TYPES)}, not {kind!r}.")
        if not row.get("name"):
            _error(errors, "orgs", line, "name", "required.")
        if kind == "school" and not row.get("identifier") and row.get("status") != "tobedeleted":
            _error(errors, "orgs", line, "identifier", "a school needs its school code.")
        elif len(row.get("identifier", "")) > 20:
            _error(errors, "orgs", line, "identifier", "a school code has at most 20 characters.")
        orgs[sid] = Org(
            sourced_id=sid,
            status=row.get("status", ""),
            name=row.get("name", "")[:200],
            type=kind,
            identifier=row.get("identifier", "").upper(),
            parent=row.get("parentSourcedId", ""),
            line=line,
        )
    return orgs


def _enabled(errors, file, line, value) -> bool:
    lowered = value.lower()
    if lowered not in ("true", "false", ""):
        _error(errors, file, line, "enabledUser", f"must be true or false, not {value!r}.")
    return lowered != "false"


def _read_users(version, table, errors) -> dict[str, Person]:
    people: dict[str, Person] = {}
    if table is None:
        return people
    emails: dict[str, int] = {}
    for line, row, sid in _rows_with_new_ids(table, "users", people, errors):
        status = row.get("status", "")
        _check_status(errors, version, "users", line, status)
        _check_date(
            errors, "users", line, "dateLastModified", row.get("dateLastModified", ""), with_time=True
        )
        person = Person(
            sourced_id=sid,
            status=status,
            enabled=_enabled(errors, "users", line, row.get("enabledUser", "")),
            given_name=row.get("givenName", "")[:100],
            family_name=row.get("familyName", "")[:100],
            email=row.get("email", "").lower(),
            username=row.get("username", ""),
            line=line,
        )
        if version == "1.1":
            role = row.get("role", "")
            if role not in ROLES["1.1"]:
                _error(
                    errors, "users", line, "role", f"must be one of {', '.join(ROLES['1.1'])}, not {role!r}."
                )
            for org_id in filter(None, (o.strip() for o in row.get("orgSourcedIds", "").split(","))):
                person.roles.append((role, org_id))
                person.role_lines[org_id] = line
        people[sid] = person
        if status != "tobedeleted" and person.email:
            if person.email in emails:
                _error(
                    errors, "users", line, "email", f"{person.email} is also on line {emails[person.email]}."
                )
            emails[person.email] = line
    for person in people.values():
        if version == "1.1" and person.is_staff and not person.deleted and not person.email:
            _error(errors, "users", person.line, "email", "a staff member needs an email to sign in.")
    return people


def _read_roles(table, people, errors) -> None:
    if table is None:
        return
    seen: dict[str, int] = {}
    for line, row in enumerate(table[1], start=2):
        if not row:
            continue
        sid = row.get("sourcedId", "")
        if not sid:
            _error(errors, "roles", line, "sourcedId", "required.")
        elif sid in seen:
            _error(errors, "roles", line, "sourcedId", f"duplicate {sid!r} (first on line {seen[sid]}).")
        seen[sid] = seen.get(sid, line)
        _check_status(errors, "1.2", "roles", line, row.get("status", ""))
        _check_date(
            errors, "roles", line, "dateLastModified", row.get("dateLastModified", ""), with_time=True
        )
        for column in ("beginDate", "endDate"):
            _check_date(errors, "roles", line, column, row.get(column, ""), with_time=False)
        if row.get("roleType", "") not in ("primary", "secondary"):
            _error(
                errors,
                "roles",
                line,
                "roleType",
                f"must be primary or secondary, not {row.get('roleType')!r}.",
            )
        role = row.get("role", "")
        if role not in ROLES["1.2"]:
            _error(errors, "roles", line, "role", f"must be one of {', '.join(ROLES['1.2'])}, not {role!r}.")
        person = people.get(row.get("userSourcedId", ""))
        if person is None:
            _error(errors, "roles", line, "userSourcedId", f"unknown user {row.get('userSourcedId')!r}.")
            continue
        org_id = row.get("orgSourcedId", "")
        if not org_id:
            _error(errors, "roles", line, "orgSourcedId", "required.")
            continue
        end = row.get("endDate", "")
        ended = bool(end) and end < datetime.date.today().isoformat()
        if row.get("status") == "tobedeleted" or ended:
            person.removed_roles.append((role, org_id))
        else:
            person.roles.append((role, org_id))
            person.role_lines[org_id] = line
    for person in people.values():
        if person.is_staff and not person.deleted and not person.email:
            _error(errors, "users", person.line, "email", "a staff member needs an email to sign in.")
