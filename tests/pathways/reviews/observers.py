"""Permission-matrix observers for reviews actions (gathered in tests/pathways/observers.py)."""

from core.permissions import Scope
from core.roles import Role
from pathways.models import Reviewer
from tests.factories import person


def observe_review_manage(client, actor, world):
    """Adding someone from another school to the reviewer pool: the whole district or nothing."""
    someone = world["stranger"]
    response = client.post("/api/v1/reviewers/", {"person": someone.pk}, format="json")
    assert response.status_code in (201, 403), response.content
    added = Reviewer.objects.filter(person=someone).exists()
    assert added == (response.status_code == 201)
    listed = client.get("/api/v1/reviewers/")
    assert listed.status_code in (200, 403)
    assert (listed.status_code == 200) == added, "reading the pool goes with managing it"
    return Scope.DISTRICT if added else Scope.NONE


def observe_review_stats(client, actor, world):
    """The figures cover every reviewer in the district, or are refused."""
    reviewer = person(Role.COACH)
    Reviewer.objects.create(person=reviewer)
    response = client.get("/api/v1/reviews/stats/")
    assert response.status_code in (200, 403), response.content
    if response.status_code == 403:
        return Scope.NONE
    assert reviewer.pk in {row["person"]["id"] for row in response.json()["results"]}
    return Scope.DISTRICT


OBSERVERS = {"review.manage": observe_review_manage, "review.stats": observe_review_stats}
