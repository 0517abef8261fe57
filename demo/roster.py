"""riverside's sample OneRoster 1.2 bundle, for admins to download from the roster page
(/integrations/roster/) and try: upload it and the dry run links the demo's staff to
their SIS ids, renames a school and a teacher, adds a school and new teachers, removes
one teacher, and skips the students and guardians it also lists.

Built from the district's own schools and people, so it matches whatever seed_demo made.
"""

from django.core.files.storage import default_storage

from core.roles import Role
from demo.districts import DemoDistrict
from rostering.services import roster_sample_path, roster_sample_store
from rostering.writer import bundle_zip
from schools.models import Membership, School

DISTRICT_ORG = "sis-district"
ROLE_FOR = {
    Role.TEACHER: "teacher",
    Role.SCHOOL_LEADER: "principal",
    Role.CENTRAL_OFFICE: "districtAdministrator",
}


def sample_bundle(email_domain: str) -> bytes:
    """A OneRoster 1.2 bulk bundle of the district's staff (coaches and administrators are
    left to be kept by hand), with a few changes so that a dry run has something to show."""
    schools = list(School.objects.filter(is_active=True).order_by("code"))
    orgs = [{"sourcedId": DISTRICT_ORG, "name": "Riverside Unified School District", "type": "district"}]
    for n, school in enumerate(schools):
        name = school.name.replace(" School", "") if n == 0 else school.name  # a rename to show
        orgs.append(
            {
                "sourcedId": f"sis-org-{school.code.lower()}",
                "name": name,
                "type": "school",
                "identifier": school.code,
                "parentSourcedId": DISTRICT_ORG,
            }
        )
    orgs.append(
        {
            "sourcedId": "sis-org-ope",
            "name": "Oak Park Elementary School",
            "type": "school",
            "identifier": "OPE",
            "parentSourcedId": DISTRICT_ORG,
        }
    )
    users, roles, seen = [], [], set()
    memberships = (
        Membership.objects.current()
        .filter(role__in=list(ROLE_FOR), user__is_active=True)
        .select_related("user", "school")
        .order_by("user__email", "role")
    )
    for n, membership in enumerate(memberships):
        user = membership.user
        sid = f"sis-{user.email.split('@')[0]}"
        if sid not in seen:
            seen.add(sid)
            row = {
                "sourcedId": sid,
                "enabledUser": "true",
                "username": user.email.split("@")[0],
                "givenName": user.first_name,
                "familyName": user.last_name,
                "email": user.email,
            }
            if n == 3:
                row["familyName"] = f"{user.last_name}-Rivera"  # a married name to show as a change
            if n == 7 and membership.role == Role.TEACHER:
                row["status"] = "tobedeleted"  # left the district
            users.append(row)
        org = f"sis-org-{membership.school.code.lower()}" if membership.school else DISTRICT_ORG
        roles.append(
            {
                "sourcedId": f"{sid}-{ROLE_FOR[membership.role]}-{org}",
                "userSourcedId": sid,
                "roleType": "primary",
                "role": ROLE_FOR[membership.role],
                "orgSourcedId": org,
            }
        )
    newcomers = [
        ("Amara", "Osei", "sis-org-ope"),
        ("Jonah", "Whitfield", "sis-org-ope"),
        ("Lucia", "Mendez", orgs[1]["sourcedId"]),
    ]
    for first, last, org in newcomers:
        sid = f"sis-{first.lower()}.{last.lower()}"
        users.append(
            {
                "sourcedId": sid,
                "enabledUser": "true",
                "username": f"{first.lower()}.{last.lower()}",
                "givenName": first,
                "familyName": last,
                "email": f"{first.lower()}.{last.lower()}@{email_domain}",
            }
        )
        roles.append(
            {
                "sourcedId": f"{sid}-teacher",
                "userSourcedId": sid,
                "roleType": "primary",
                "role": "teacher",
                "orgSourcedId": org,
            }
        )
    for n, role in enumerate(("student", "student", "guardian")):
        sid = f"sis-{role}-{n}"
        users.append(
            {
                "sourcedId": sid,
                "enabledUser": "true",
                "username": sid,
                "givenName": "Sample",
                "familyName": role.title(),
                "email": "",
            }
        )
        roles.append(
            {
                "sourcedId": f"{sid}-r",
                "userSourcedId": sid,
                "roleType": "primary",
                "role": role,
                "orgSourcedId": orgs[1]["sourcedId"],
            }
        )
    return bundle_zip(version="1.2", orgs=orgs, users=users, roles=roles)


def seed_roster_sample(spec: DemoDistrict) -> dict:
    """Store riverside's sample bundle once (the roster page offers it for download)."""
    if spec.slug != "riverside" or default_storage.exists(roster_sample_path()):
        return {"sample roster bundles": 0}
    roster_sample_store(content=sample_bundle(spec.email_domain))
    return {"sample roster bundles": 1}
