"""The self-assessment list: what each row says, in which order, filtered and paged, and
that a page costs the same whatever the district holds (it pages first and counts the
ratings of the page's rounds only)."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Framework, Item, ItemKind, Level, Rating, SelfAssessment, SelfAssessmentStatus
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db

SUBMITTED = SelfAssessmentStatus.SUBMITTED
DRAFT = SelfAssessmentStatus.DRAFT
NOON = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


@pytest.fixture
def educators():
    return Framework.objects.get(
        audience="educators", adoption_status="adopted", title__startswith="Lodestar"
    )


def a_round(owner, framework, *, rated, status=SUBMITTED, started=NOON):
    """A round with `rated` ratings, straight in the database (the API's own lifecycle is
    tested in test_self_assessment.py); `started` sets the order of the list."""
    sa = SelfAssessment.objects.create(person=owner, framework=framework, status=status)
    SelfAssessment.objects.filter(pk=sa.pk).update(
        started_at=started, submitted_at=started if status == SUBMITTED else None
    )
    level = Level.objects.filter(framework=framework).first()
    indicators = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    Rating.objects.bulk_create(
        Rating(self_assessment=sa, indicator=indicator, level=level) for indicator in indicators[:rated]
    )
    return sa.pk


def listed(client, **params):
    response = client.get("/api/v1/self-assessments/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_each_row_counts_its_own_ratings_newest_first(api, educators):
    teacher = person(Role.TEACHER)
    early = a_round(teacher, educators, rated=3, started=NOON - datetime.timedelta(days=2))
    tied_low = a_round(teacher, educators, rated=0, started=NOON)
    tied_high = a_round(teacher, educators, rated=5, started=NOON)
    draft = a_round(teacher, educators, rated=1, status=DRAFT, started=NOON + datetime.timedelta(days=1))
    a_round(person(Role.TEACHER), educators, rated=4)  # someone else's: not the teacher's to see

    body = listed(api(teacher))
    rows = [(row["id"], row["rated"], row["status"]) for row in body["results"]]
    # Newest started first; on the same start, the later id first.
    assert rows == [
        (draft, 1, DRAFT),
        (tied_high, 5, SUBMITTED),
        (tied_low, 0, SUBMITTED),
        (early, 3, SUBMITTED),
    ]
    assert body["count"] == 4


def test_filters_and_pages_keep_the_counts(api, educators):
    admin = person(Role.DISTRICT_ADMIN)
    first, second = person(Role.TEACHER), person(Role.TEACHER)
    ids = [
        a_round(first, educators, rated=n, started=NOON + datetime.timedelta(hours=n)) for n in range(1, 6)
    ]
    draft = a_round(second, educators, rated=2, status=DRAFT, started=NOON + datetime.timedelta(days=9))
    client = api(admin)

    mine = listed(client, person=first.pk, page_size=2, page=2)
    assert mine["count"] == 5
    assert [(row["id"], row["rated"]) for row in mine["results"]] == [(ids[2], 3), (ids[1], 2)]
    assert [row["id"] for row in listed(client, person=first.pk, page_size=2, page=3)["results"]] == [ids[0]]

    drafts = listed(client, status=DRAFT, framework=educators.pk)
    assert [(row["id"], row["rated"]) for row in drafts["results"]] == [(draft, 2)]
    assert listed(client, framework=educators.pk, person=second.pk, status=SUBMITTED)["count"] == 0


@pytest.mark.parametrize("rounds", [1, 50])
def test_a_page_costs_the_same_queries_at_1_and_50_rounds(rounds, api, educators):
    teacher = person(Role.TEACHER)
    for n in range(rounds):
        a_round(teacher, educators, rated=n % 7, started=NOON + datetime.timedelta(minutes=n))
    client = api(teacher)
    listed(client)
    with CaptureQueriesContext(connection) as captured:
        assert listed(client)["count"] == rounds
    # 5 per request (host, token, roles), then COUNT and the page's rows with their
    # counts: a query per row would make a longer history a slower page.
    assert len(captured) == 7, "\n".join(q["sql"] for q in captured)


def test_only_the_page_rounds_ratings_are_counted(api, educators):
    """The plan, run: the ratings subquery runs once per row of the page, not once per
    round the viewer may see, and the COUNT of the list does not read ratings at all. A
    GROUP BY over the join (what this replaced) aggregates every rating of every round."""
    admin = person(Role.DISTRICT_ADMIN)
    teacher = person(Role.TEACHER)
    for n in range(12):
        a_round(teacher, educators, rated=3, started=NOON + datetime.timedelta(minutes=n))
    client = api(admin)
    with CaptureQueriesContext(connection) as captured:
        page = listed(client, person=teacher.pk, page_size=4)
    assert page["count"] == 12 and [row["rated"] for row in page["results"]] == [3, 3, 3, 3]

    reading = [q["sql"] for q in captured if "assessments_rating" in q["sql"]]
    assert len(reading) == 1, "only the page's query reads ratings, never the COUNT"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {reading[0]}")
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    rating_scans = [
        node for node in _nodes(plan[0]["Plan"]) if node.get("Relation Name") == "assessments_rating"
    ]
    assert rating_scans, json.dumps(plan, indent=1)
    assert sum(node["Actual Loops"] for node in rating_scans) == 4, json.dumps(plan, indent=1)


def _nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)
