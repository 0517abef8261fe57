"""OneRoster bundles for the tests, written by rostering.writer as a SIS would send them."""

from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from rostering.writer import bundle_zip

DISTRICT = {"sourcedId": "d-1", "name": "Riverside Unified", "type": "district", "identifier": "RUSD"}


def school(n: int, **overrides) -> dict:
    row = {
        "sourcedId": f"org-{n}",
        "name": f"Roster School {n}",
        "type": "school",
        "identifier": f"RS{n:03d}",
        "parentSourcedId": "d-1",
    }
    return {**row, **overrides}


def user11(n: int, role: str = "teacher", orgs: str = "org-1", **overrides) -> dict:
    row = {
        "sourcedId": f"u-{n}",
        "enabledUser": "true",
        "orgSourcedIds": orgs,
        "role": role,
        "username": f"user{n}",
        "givenName": f"Given{n}",
        "familyName": f"Family{n}",
        "email": f"user{n}@roster.example.org",
    }
    return {**row, **overrides}


def user12(n: int, **overrides) -> dict:
    row = user11(n, **overrides)
    row.pop("role", None)
    row.pop("orgSourcedIds", None)
    return row


def role12(n: int, role: str = "teacher", org: str = "org-1", user: int | None = None, **overrides) -> dict:
    row = {
        "sourcedId": f"r-{n}-{role}-{org}",
        "userSourcedId": f"u-{user if user is not None else n}",
        "roleType": "primary",
        "role": role,
        "orgSourcedId": org,
    }
    return {**row, **overrides}


@dataclass
class Bundle:
    version: str
    orgs: list | None
    users: list | None
    roles: list | None = None
    modes: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def zip(self) -> bytes:
        return bundle_zip(
            version=self.version,
            orgs=self.orgs,
            users=self.users,
            roles=self.roles,
            modes=self.modes,
            extra=self.extra,
        )

    def as_upload(self, name="roster.zip") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, self.zip(), content_type="application/zip")


def bundle11(staff: int = 3, *, students: int = 2, first: int = 1) -> Bundle:
    """Two schools under the district; `staff` teachers at school 1 (numbered from
    `first`), a principal (administrator) at school 2, and some students."""
    users = [user11(n) for n in range(first, first + staff)]
    users.append(user11(900, role="administrator", orgs="org-2"))
    users += [user11(1000 + n, role="student") for n in range(students)]
    return Bundle("1.1", [DISTRICT, school(1), school(2)], users)


def bundle12(staff: int = 3, *, students: int = 2) -> Bundle:
    users = [user12(n) for n in range(1, staff + 1)]
    roles = [role12(n) for n in range(1, staff + 1)]
    users.append(user12(900))
    roles.append(role12(900, role="principal", org="org-2"))
    users.append(user12(901))
    roles.append(role12(901, role="districtAdministrator", org="d-1"))
    for n in range(students):
        users.append(user12(1000 + n))
        roles.append(role12(1000 + n, role="student"))
    return Bundle("1.2", [DISTRICT, school(1), school(2)], users, roles)
