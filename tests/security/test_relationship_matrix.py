"""The relationship matrix inside a district: for each kind of private record, who may read
it and who may change it, asked through the API list, the API detail, one write and the
page that shows it.

The expectations are PRODUCT.md's privacy rules ("Who may see what") as the rules modules
spell them out (coaching/relations.py: a coach reads a coachee's records only while a cycle
is open; coaching/cycles/rules.py: the coaching firewall; core/permissions.py: the role and
scope matrices). They are written by hand in EXPECTED, one row per kind of record, one
column per relationship to the record's owner; every cell is checked four ways.

Each kind's record belongs to the owner and was made in her open cycle with her current
coach. The former coach is asked about the same kind of record made in the cycle she
coached, now closed (the cycle-bound kinds), or about the owner's own record (the others).
"""

from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import DistrictClient
from tests.security.cast import PRIVATE, build_cast
from tests.support import existing_district, settle_constraints

pytestmark = pytest.mark.django_db

# What each cell says. Two letters: reading, then writing.
#   R  reads it: in the API list, API detail 200, its page 200
#   O  reads its outline only: as R, and the private text appears in none of the three
#   r  reads it through the API only (list and detail); its page is the reader's own
#   -  cannot read it: not in the API list, API detail 404, page 404 (or not on a list page)
#   X  refused outright (an integration client whose scopes do not open the operation): 403
#   W  may change it (the write answers 2xx)
#   -  may not change it: 404 when it cannot read it, else refused (400 closed, or 403)
RELATIONSHIPS = (
    "owner",
    "coach",
    "former coach",
    "supervisor",
    "other principal",
    "central office",
    "admin",
    "client coaching:read",
    "client other scopes",
)
# fmt: off
EXPECTED = {
    #                        owner coach former super other central admin coaching others
    "self-assessment":       ("RW", "R-", "--", "R-", "--", "--", "R-", "X-", "X-"),
    "self-assessment draft": ("RW", "--", "--", "--", "--", "--", "R-", "X-", "X-"),
    "cycle check-in":        ("RW", "R-", "--", "--", "--", "--", "R-", "R-", "X-"),
    "goal check-in":         ("RW", "R-", "--", "R-", "--", "--", "R-", "R-", "X-"),
    "goal":                  ("RW", "R-", "--", "R-", "--", "--", "R-", "R-", "X-"),
    "cycle":                 ("R-", "RW", "O-", "O-", "--", "--", "R-", "R-", "X-"),
    "observation":           ("R-", "RW", "--", "--", "--", "--", "R-", "X-", "X-"),
    "feedback":              ("RW", "R-", "--", "--", "--", "--", "R-", "X-", "X-"),
    "submission":            ("RW", "--", "--", "--", "--", "--", "R-", "X-", "X-"),
    "notification":          ("RW", "--", "--", "--", "--", "--", "--", "X-", "X-"),
    "token":                 ("RW", "--", "--", "--", "--", "--", "rW", "X-", "X-"),
}
# fmt: on


@dataclass(frozen=True)
class Kind:
    """How a kind of record is reached: the API list, the API detail, one write (method,
    path, body) and its page (a URL name taking the id, or a list page by path)."""

    list: str
    detail: str
    write: tuple
    page: str
    list_page: bool = False
    list_params: tuple = ()

    def page_path(self, record_id) -> str:
        return reverse(self.page) if self.list_page else reverse(self.page, args=[record_id])


SELF_ASSESSMENT = ("/api/v1/self-assessments/", "/api/v1/self-assessments/{id}/")
CHECK_IN = ("/api/v1/check-ins/", "/api/v1/check-ins/{id}/")
CHECK_IN_ANSWER = ("post", "/api/v1/check-ins/{id}/complete/", {"progress_rating": 3, "note": "Going well"})
KINDS = {
    "self-assessment": Kind(
        *SELF_ASSESSMENT,
        write=("post", "/api/v1/self-assessments/{id}/focus/", {"competencies": []}),
        page="assessments:self-assessment-results",
    ),
    "self-assessment draft": Kind(
        *SELF_ASSESSMENT,
        write=("patch", "/api/v1/self-assessments/{id}/", {"reflection": "Rewritten"}),
        page="assessments:self-assessment-form",
    ),
    "cycle check-in": Kind(*CHECK_IN, write=CHECK_IN_ANSWER, page="coaching:check-in-detail"),
    "goal check-in": Kind(*CHECK_IN, write=CHECK_IN_ANSWER, page="coaching:check-in-detail"),
    "goal": Kind(
        "/api/v1/goals/",
        "/api/v1/goals/{id}/",
        write=("patch", "/api/v1/goals/{id}/", {"statement": "Rewritten"}),
        page="coaching:goal-detail",
    ),
    "cycle": Kind(
        "/api/v1/coaching-cycles/",
        "/api/v1/coaching-cycles/{id}/",
        write=("patch", "/api/v1/coaching-cycles/{id}/", {"title": "Rewritten"}),
        page="coaching:cycle-detail",
    ),
    "observation": Kind(
        "/api/v1/observations/",
        "/api/v1/observations/{id}/",
        write=("patch", "/api/v1/observations/{id}/", {"notes": "Rewritten"}),
        page="coaching:observation-detail",
    ),
    "feedback": Kind(
        "/api/v1/feedback/",
        "/api/v1/feedback/{id}/",
        write=("post", "/api/v1/feedback/{id}/acknowledge/", {}),
        page="coaching:feedback-detail",
    ),
    "submission": Kind(
        "/api/v1/submissions/",
        "/api/v1/submissions/{id}/",
        write=(
            "patch",
            "/api/v1/submissions/{id}/",
            {"answers": [{"requirement": "{requirement}", "text": "Mine"}]},
        ),
        page="pathways:submission-edit",
    ),
    "notification": Kind(
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/",
        write=("post", "/api/v1/notifications/{id}/read/", {}),
        page="notifications:inbox",
        list_page=True,
    ),
    "token": Kind(
        "/api/v1/tokens/",
        "/api/v1/tokens/{id}/",
        write=("delete", "/api/v1/tokens/{id}/", None),
        page="accounts:token-list",
        list_page=True,
        list_params=(("owner", "all"),),  # everyone's: a district administrator's reach
    ),
}
CELLS = [(kind, who, EXPECTED[kind][column]) for kind in EXPECTED for column, who in enumerate(RELATIONSHIPS)]


def test_the_table_covers_every_kind_and_relationship():
    assert set(EXPECTED) == set(KINDS)
    assert all(len(row) == len(RELATIONSHIPS) for row in EXPECTED.values())


@pytest.fixture(scope="module")
def cast(django_db_setup, django_db_blocker):
    """The cast, made once for the module inside a transaction that is rolled back at its
    end; each test runs in a savepoint inside it (pytest-django's own transaction)."""
    riverside = existing_district("riverside", django_db_blocker)
    with django_db_blocker.unblock():
        connection.set_tenant(riverside)
        outer = transaction.atomic()
        outer.__enter__()
        made = build_cast(riverside)
        made.district = riverside
        settle_constraints()
    yield made
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
        connection.set_schema_to_public()


def record_for(cast, kind, who):
    if who == "former coach" and kind in cast.closed_records:
        return cast.closed_records[kind]
    return cast.records[kind]


def api_as(cast, who):
    http = DistrictClient(cast.district)
    http._return_to = connection.tenant
    http.credentials(HTTP_AUTHORIZATION=f"Bearer {cast.tokens[who]}")
    return http


def listed(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return {row["id"] for row in rows}


def fill(value, ids):
    if isinstance(value, str):
        return int(value.format(**ids)) if value.startswith("{") else value.format(**ids)
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [fill(item, ids) for item in value]
    return value


def _ids(cast, record):
    requirement = cast.submission.micro_credential.requirements.order_by("position").first()
    return {"id": record.pk, "requirement": requirement.pk}


def _is_client(who):
    return who.startswith("client")


@pytest.mark.parametrize(("kind", "who", "cell"), CELLS)
def test_api_list(kind, who, cell, cast):
    record = record_for(cast, kind, who)
    response = api_as(cast, who).get(KINDS[kind].list, {"page_size": 200, **dict(KINDS[kind].list_params)})
    if cell[0] == "X":
        assert response.status_code == 403, f"{who} is refused the {kind} list outright"
        return
    shown = record.pk in listed(response)
    assert shown == (cell[0] in "ROr"), f"{who} {'sees' if shown else 'does not see'} the {kind} in the list"
    if cell[0] == "O":
        assert PRIVATE not in response.content.decode(), f"{who} reads the {kind}'s private text in the list"


@pytest.mark.parametrize(("kind", "who", "cell"), CELLS)
def test_api_detail(kind, who, cell, cast):
    record = record_for(cast, kind, who)
    response = api_as(cast, who).get(KINDS[kind].detail.format(id=record.pk))
    expected = {"R": 200, "O": 200, "r": 200, "-": 404, "X": 403}[cell[0]]
    assert response.status_code == expected, f"{who} opens the {kind}: {response.content[:300]!r}"
    if cell[0] == "O":
        assert PRIVATE not in response.content.decode(), f"{who} reads the {kind}'s private text"


@pytest.mark.parametrize(("kind", "who", "cell"), CELLS)
def test_api_write(kind, who, cell, cast):
    record = record_for(cast, kind, who)
    method, path, body = fill(KINDS[kind].write, _ids(cast, record))
    response = getattr(api_as(cast, who), method)(path, body, format="json")
    if cell[1] == "W":
        assert 200 <= response.status_code < 300, f"{who} changes the {kind}: {response.content[:300]!r}"
    elif cell[0] == "X":
        assert response.status_code == 403, f"{who} is refused outright: {response.content[:300]!r}"
    elif cell[0] == "-":
        assert response.status_code == 404, (
            f"{who} must not learn the {kind} exists: {response.content[:300]!r}"
        )
    else:
        assert response.status_code in (400, 403), f"{who} changes the {kind}: {response.content[:300]!r}"


PAGE_CELLS = [cell for cell in CELLS if not _is_client(cell[1])]  # clients have no pages


@pytest.mark.parametrize(("kind", "who", "cell"), PAGE_CELLS)
def test_page(kind, who, cell, cast):
    record = record_for(cast, kind, who)
    browser = Client(HTTP_HOST=cast.district.get_primary_domain().domain)
    browser.force_login(cast.people[who])
    spec = KINDS[kind]
    response = browser.get(spec.page_path(record.pk))
    connection.set_tenant(cast.district)
    text = response.content.decode()
    if spec.list_page:
        assert response.status_code == 200
        assert (PRIVATE[:40] in text) == (cell[0] == "R"), f"{who} sees the {kind} on {spec.page}"
        return
    expected = {"R": 200, "O": 200, "r": 404, "-": 404}[cell[0]]
    assert response.status_code == expected, f"{who} opens the {kind}'s page"
    if cell[0] == "O":
        assert PRIVATE not in text, f"{who} reads the {kind}'s private text on its page"
