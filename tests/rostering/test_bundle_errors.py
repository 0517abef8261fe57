"""A bundle with errors is refused whole, each error as `file:line: column: message`, and
nothing is written."""

import pytest

from accounts.models import User
from schools.models import School
from tests.rostering.bundles import DISTRICT, Bundle, bundle11, bundle12, role12, school, user11, user12

pytestmark = pytest.mark.django_db


def test_every_error_of_a_11_bundle_is_listed_and_nothing_is_written(sync):
    people, schools = User.objects.count(), School.objects.count()
    bundle = Bundle(
        "1.1",
        [DISTRICT, school(1), school(2, type="campus"), school(1, name="Again")],
        [
            user11(1),
            user11(2, role="janitor"),
            user11(3, orgs="org-404"),
            user11(1, givenName="Twice"),
            user11(4, enabledUser="yes", dateLastModified="last tuesday"),
            user11(5, email=""),
            user11(6, email="user1@roster.example.org"),
        ],
    )
    done = sync(bundle)
    assert done.status == "refused"
    assert done.errors == [
        "orgs.csv:4: type: must be one of department, school, district, local, state, national, not 'campus'.",
        "orgs.csv:5: sourcedId: duplicate 'org-1' (first on line 3).",
        "users.csv:3: role: must be one of administrator, aide, guardian, parent, proctor, relative, "
        "student, teacher, not 'janitor'.",
        "users.csv:4: orgSourcedIds: unknown org 'org-404'.",
        "users.csv:5: sourcedId: duplicate 'u-1' (first on line 2).",
        "users.csv:6: dateLastModified: not a date and time (2024-08-01T12:00:00Z): 'last tuesday'.",
        "users.csv:6: enabledUser: must be true or false, not 'yes'.",
        "users.csv:7: email: a staff member needs an email to sign in.",
        "users.csv:8: email: user1@roster.example.org is also on line 2.",
    ]
    assert (User.objects.count(), School.objects.count()) == (people, schools)


def test_missing_required_columns_are_named_with_their_file(sync):
    bundle = bundle12()
    bundle.extra = {"roles.csv": "sourcedId,userSourcedId,role\r\nr1,u-1,teacher\r\n"}
    done = sync(bundle)
    assert done.errors == [
        "roles.csv:1: roleType: required column missing.",
        "roles.csv:1: orgSourcedId: required column missing.",
    ]


def test_12_roles_bad_dates_unknown_user_and_org(sync):
    bundle = Bundle(
        "1.2",
        [DISTRICT, school(1)],
        [user12(1)],
        [
            role12(1, beginDate="2024-13-01"),
            role12(2, user=77),
            role12(1, role="teacher", org="org-9", sourcedId="r-x"),
            role12(1, roleType="main", sourcedId="r-y"),
        ],
    )
    done = sync(bundle)
    assert done.status == "refused"
    assert done.errors == [
        "roles.csv:2: beginDate: not a date (YYYY-MM-DD): '2024-13-01'.",
        "roles.csv:3: userSourcedId: unknown user 'u-77'.",
        "roles.csv:4: orgSourcedId: unknown org 'org-9'.",
        "roles.csv:5: roleType: must be primary or secondary, not 'main'.",
    ]


def test_a_file_the_manifest_lists_must_be_in_the_zip_and_absent_files_are_fine(sync):
    listed = bundle11()
    listed.modes = {"orgs": "bulk"}
    listed.orgs = None
    listed.modes["orgs"] = "bulk"
    done = sync(listed)
    assert done.errors == ["orgs.csv:0: file: the manifest says bulk, but the zip has no orgs.csv."]
    School.objects.create(code="RS001", name="Known", grade_band="other", sourced_id="org-1")
    absent = Bundle("1.1", None, [user11(1)], modes={"users": "delta"})
    done = sync(absent)
    assert done.status == "applied", done.errors


def test_a_code_belonging_to_another_sis_school_is_refused(sync):
    School.objects.create(code="RS001", name="Taken", grade_band="other", sourced_id="elsewhere")
    done = sync(bundle11(staff=1, students=0))
    assert done.status == "refused"
    assert done.errors == ["orgs.csv:3: identifier: code RS001 belongs to another SIS school (elsewhere)."]
