"""What a roster would change in the district: the dry run, computed from bulk reads.

One query per table (schools, people, memberships, the role mapping) into dicts, then
pure Python: the number of queries does not grow with the roster. Staff only: students,
guardians, parents and relatives are counted as skipped and never stored. A sync ends
only memberships it made itself (`source="roster"`); those set by hand stay.
"""

from collections import Counter
from dataclasses import dataclass, field

from accounts.models import User
from core.roles import SCHOOL_ROLES, Role
from rostering.bundle import NOT_STAFF, Org, Person, Roster, in_order
from rostering.models import RoleMapping
from schools.models import Membership, MembershipSource, School


@dataclass
class Plan:
    mode: str
    # schools
    schools_new: list[Org] = field(default_factory=list)
    schools_changed: list[tuple[int, dict]] = field(default_factory=list)  # (id, {field: (before, after)})
    schools_deactivated: list[int] = field(default_factory=list)
    # people
    people_new: list[Person] = field(default_factory=list)
    people_changed: list[tuple[int, dict]] = field(default_factory=list)
    people_deactivated: list[int] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    # memberships: (person key, school key, role); a key is a User/School id or a new sourcedId
    memberships_new: list[tuple[int | str, int | str | None, str]] = field(default_factory=list)
    memberships_ended: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # the summary pages and the API show

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.schools_new,
                self.schools_changed,
                self.schools_deactivated,
                self.people_new,
                self.people_changed,
                self.people_deactivated,
                self.memberships_new,
                self.memberships_ended,
            )
        )

    def counts(self) -> dict:
        return {
            "schools_created": len(self.schools_new),
            "schools_changed": len(self.schools_changed),
            "schools_deactivated": len(self.schools_deactivated),
            "people_created": len(self.people_new),
            "people_changed": len(self.people_changed),
            "people_deactivated": len(self.people_deactivated),
            "people_skipped": len(self.skipped),
            "memberships_added": len(self.memberships_new),
            "memberships_ended": len(self.memberships_ended),
            "skipped_by_reason": dict(Counter(row["reason"] for row in self.skipped)),
        }


def role_mapping() -> dict[str, tuple[str, str]]:
    return {m.oneroster_role: (m.at_school, m.at_district) for m in RoleMapping.objects.all()}


def _err(plan, file, line, column, message):
    plan.errors.append(f"{file}.csv:{line}: {column}: {message}")


def build_plan(roster: Roster) -> Plan:
    """Compare the roster with the district. Errors found here (a code or email that belongs
    to someone else) are in `plan.errors`, and then nothing may be applied."""
    plan = Plan(mode=roster.mode)
    mapping = role_mapping()
    schools = list(School.objects.values("id", "sourced_id", "code", "name", "is_active"))
    by_sid = {s["sourced_id"]: s for s in schools if s["sourced_id"]}
    by_code = {s["code"].upper(): s for s in schools}
    school_names = {s["id"]: s["name"] for s in schools}
    rows: dict = {"schools": {"created": [], "changed": [], "deactivated": []}}
    rows["people"] = {"created": [], "changed": [], "deactivated": [], "skipped": []}

    # Where each org sits: a school (its key: existing id, or sourcedId when new) or the district.
    org_school: dict[str, int | str | None] = {sid: s["id"] for sid, s in by_sid.items()}
    org_name: dict[str, str] = {sid: s["name"] for sid, s in by_sid.items()}
    orgs = roster.orgs or {}
    seen_codes: dict[str, int] = {}
    for org in orgs.values():
        org_name[org.sourced_id] = org.name
        if org.type != "school":
            continue
        existing = by_sid.get(org.sourced_id)
        if existing is None and org.identifier:
            candidate = by_code.get(org.identifier)
            if candidate and candidate["sourced_id"]:
                _err(
                    plan,
                    "orgs",
                    org.line,
                    "identifier",
                    f"code {org.identifier} belongs to another SIS school ({candidate['sourced_id']}).",
                )
                continue
            existing = candidate
        if org.identifier in seen_codes:
            _err(
                plan,
                "orgs",
                org.line,
                "identifier",
                f"code {org.identifier} is also on line {seen_codes[org.identifier]}.",
            )
        seen_codes[org.identifier] = org.line
        if org.deleted:
            if existing and existing["is_active"]:
                plan.schools_deactivated.append(existing["id"])
                rows["schools"]["deactivated"].append(
                    {"id": existing["id"], "sourced_id": org.sourced_id, "name": existing["name"]}
                )
            if existing:
                org_school[org.sourced_id] = existing["id"]
            continue
        if existing is None:
            plan.schools_new.append(org)
            org_school[org.sourced_id] = org.sourced_id
            rows["schools"]["created"].append(
                {"sourced_id": org.sourced_id, "code": org.identifier, "name": org.name}
            )
            continue
        org_school[org.sourced_id] = existing["id"]
        changes = {}
        for name, after in (
            ("sourced_id", org.sourced_id),
            ("name", org.name),
            ("code", org.identifier or existing["code"]),
            ("is_active", True),
        ):
            if existing[name] != after:
                changes[name] = (existing[name], after)
        if "code" in changes:
            clash = by_code.get(org.identifier)
            if clash and clash["id"] != existing["id"]:
                _err(
                    plan,
                    "orgs",
                    org.line,
                    "identifier",
                    f"code {org.identifier} is already {clash['name']}'s.",
                )
        if changes:
            plan.schools_changed.append((existing["id"], changes))
            rows["schools"]["changed"].append(
                {"id": existing["id"], "sourced_id": org.sourced_id, "name": org.name, "fields": changes}
            )
    if roster.modes.get("orgs") == "bulk":
        for sid, school in by_sid.items():
            if sid not in orgs and school["is_active"]:
                plan.schools_deactivated.append(school["id"])
                rows["schools"]["deactivated"].append(
                    {"id": school["id"], "sourced_id": sid, "name": school["name"]}
                )
    # Departments sit in their parent school; the district and above are the central office.
    # A school being deleted gives no roles.
    for org in orgs.values():
        if org.deleted:
            org_school.pop(org.sourced_id, None)
        elif org.type == "department" and org.parent in org_school:
            org_school[org.sourced_id] = org_school[org.parent]
        elif org.type != "school":
            org_school[org.sourced_id] = None

    _plan_people(plan, roster, mapping, org_school, org_name, school_names, rows)
    plan.errors = in_order(plan.errors)
    plan.rows = rows
    return plan


def _role_label(role: str, where: str | None) -> str:
    return f"{Role(role).label} at {where}" if where else Role(role).label


def _plan_people(plan, roster, mapping, org_school, org_name, school_names, rows) -> None:
    users = list(User.objects.values("id", "email", "sourced_id", "first_name", "last_name", "is_active"))
    by_sid = {u["sourced_id"]: u for u in users if u["sourced_id"]}
    by_email = {u["email"].lower(): u for u in users}
    active = list(
        Membership.objects.filter(is_active=True).values("id", "user_id", "school_id", "role", "source")
    )
    held: dict[int, dict[tuple, dict]] = {}
    for m in active:
        held.setdefault(m["user_id"], {})[(m["school_id"], m["role"])] = m
    admins_before = {m["user_id"] for m in active if m["role"] == Role.DISTRICT_ADMIN}
    admins_lost: set[int] = set()
    admins_gained = False
    seen: set[str] = set()

    def where(school_key):
        if school_key is None:
            return None
        return school_names.get(school_key) if isinstance(school_key, int) else org_name.get(school_key)

    for person in roster.people:
        seen.add(person.sourced_id)
        known = by_sid.get(person.sourced_id)
        # A person already synced whose row comes without roles (a delta) is still staff.
        roleless_known = known is not None and not (person.roles or person.removed_roles)
        if not (person.is_staff or roleless_known or (person.deleted and known)):
            role = next((r for r, _ in person.roles + person.removed_roles if r in NOT_STAFF), "no role")
            reason = role if person.roles or person.removed_roles else "no role"
            plan.skipped.append({"line": person.line, "sourced_id": person.sourced_id, "reason": reason})
            continue
        existing = by_sid.get(person.sourced_id)
        if existing is None and person.email:
            candidate = by_email.get(person.email)
            if candidate and candidate["sourced_id"]:
                _err(
                    plan,
                    "users",
                    person.line,
                    "email",
                    f"{person.email} belongs to another SIS person ({candidate['sourced_id']}).",
                )
                continue
            existing = candidate
        name = f"{person.given_name} {person.family_name}".strip()
        if person.deleted:
            if existing and existing["is_active"]:
                plan.people_deactivated.append(existing["id"])
                if existing["id"] in admins_before:
                    admins_lost.add(existing["id"])
                rows["people"]["deactivated"].append(
                    {"id": existing["id"], "sourced_id": person.sourced_id, "name": name}
                )
            else:
                plan.skipped.append(
                    {"line": person.line, "sourced_id": person.sourced_id, "reason": "tobedeleted, not here"}
                )
            continue
        wanted: dict[tuple, str] = {}
        for role, org_id in person.roles:
            if role in NOT_STAFF:
                continue
            if org_id not in org_school:
                continue
            at_school, at_district = mapping.get(role, ("", ""))
            school_key = org_school[org_id]
            lodestar = at_school if school_key is not None else at_district
            if lodestar and (lodestar in SCHOOL_ROLES) == (school_key is not None):
                wanted[(school_key, lodestar)] = _role_label(lodestar, where(school_key))
        touches_roles = bool(person.roles or person.removed_roles)
        if existing is None:
            if not wanted:
                plan.skipped.append(
                    {"line": person.line, "sourced_id": person.sourced_id, "reason": "no mapped role"}
                )
                continue
            plan.people_new.append(person)
            for school_key, role in wanted:
                plan.memberships_new.append((person.sourced_id, school_key, role))
                admins_gained = admins_gained or role == Role.DISTRICT_ADMIN
            rows["people"]["created"].append(
                {
                    "sourced_id": person.sourced_id,
                    "email": person.email,
                    "name": name,
                    "roles": sorted(wanted.values()),
                }
            )
            continue
        changes = {}
        for column, after in (
            ("sourced_id", person.sourced_id),
            ("first_name", person.given_name),
            ("last_name", person.family_name),
            ("email", person.email or existing["email"]),
            ("is_active", True),
        ):
            if existing[column] != after:
                changes[column] = (existing[column], after)
        if "email" in changes and by_email.get(person.email, existing)["id"] != existing["id"]:
            _err(plan, "users", person.line, "email", f"{person.email} already belongs to someone else.")
        added, ended = [], []
        if touches_roles:
            current = held.get(existing["id"], {})
            for key, label in wanted.items():
                if key not in current:
                    plan.memberships_new.append((existing["id"], key[0], key[1]))
                    admins_gained = admins_gained or key[1] == Role.DISTRICT_ADMIN
                    added.append(label)
            for key, m in current.items():
                if m["source"] == MembershipSource.ROSTER and key not in wanted:
                    plan.memberships_ended.append(m["id"])
                    if m["role"] == Role.DISTRICT_ADMIN:
                        admins_lost.add(existing["id"])
                    ended.append(_role_label(m["role"], where(m["school_id"])))
        if changes or added or ended:
            plan.people_changed.append((existing["id"], changes))
            rows["people"]["changed"].append(
                {
                    "id": existing["id"],
                    "sourced_id": person.sourced_id,
                    "name": name,
                    "fields": changes,
                    "roles_added": sorted(added),
                    "roles_ended": sorted(ended),
                }
            )
    if roster.modes.get("users") == "bulk":
        for sid, user in by_sid.items():
            if sid not in seen and user["is_active"]:
                plan.people_deactivated.append(user["id"])
                if user["id"] in admins_before:
                    admins_lost.add(user["id"])
                rows["people"]["deactivated"].append(
                    {
                        "id": user["id"],
                        "sourced_id": sid,
                        "name": f"{user['first_name']} {user['last_name']}".strip(),
                    }
                )
    if admins_before and not (admins_before - admins_lost) and not admins_gained:
        _err(plan, "users", 0, "role", "this would leave the district without an administrator.")
    rows["people"]["skipped"] = plan.skipped
    for kind in ("schools", "people"):
        for entries in rows[kind].values():
            for entry in entries:
                if "fields" in entry:
                    entry["fields"] = {k: list(v) for k, v in entry["fields"].items()}
