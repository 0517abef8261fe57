"""Small copy slips a reader notices: "a"/"an", raw role codes, a back link that calls
someone else's goal "My goals", a difference that does not add up, the favicon."""

import re
from decimal import Decimal

import pytest

from assessments.self_assessment.results import Score, _round
from core.roles import Role
from core.text import with_article
from core.uploads import UPLOAD_TYPES
from tests.coaching.goals.test_goal_pages import make_goal, text_of
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import pathway
from tests.support import get

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("observation", "an observation"),
        ("walkthrough", "a walkthrough"),
        ("co-teaching", "a co-teaching"),
        ("model lesson", "a model lesson"),
        ("MP4", "an MP4"),
        ("PDF", "a PDF"),
        ("hour", "an hour"),
        ("unit", "a unit"),
        ("Word (.docx)", "a Word (.docx)"),
    ],
)
def test_the_article_follows_the_sound_of_the_word(word, expected):
    assert with_article(word) == expected


def test_upload_refusals_say_an_before_a_vowel_sound():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.uploads import checked_upload

    assert UPLOAD_TYPES[".mp4"][1] == "MP4"
    with pytest.raises(ValidationError) as refused:
        checked_upload(
            SimpleUploadedFile("clip.mp4", b"\x00" * 64, content_type="video/mp4"), max_bytes=10**6
        )
    assert "The file is not really an MP4 file." in str(refused.value)


def test_pathways_name_the_roles_they_serve_in_words(client):
    pathway(title="Aspiring principals", roles=[Role.SCHOOL_LEADER, Role.TEACHER])
    client.force_login(person(Role.TEACHER))
    text = text_of(get(client, "/pathways/"))
    assert "School leader, Teacher" in text
    assert "school_leader" not in text


def test_someone_elses_goal_links_back_to_goals_and_says_whose(client):
    teacher = person(Role.TEACHER, first_name="Jordan", last_name="Reyes")
    principal = person(Role.SCHOOL_LEADER, school=teacher.memberships.get().school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    goal = make_goal(teacher)

    client.force_login(principal)
    html = get(client, f"/goals/{goal.pk}/").content.decode()
    assert "← My goals" not in html
    assert re.search(r"← Goals</a>\s*<span[^>]*>· Jordan Reyes's goal</span>", html)

    client.force_login(teacher)
    assert "← My goals" in get(client, f"/goals/{goal.pk}/").content.decode()


def test_a_change_is_the_difference_of_the_means_as_shown():
    """8/3 and 7/3 show as 2.67 and 2.33; the change beside them reads +0.34, which is what a
    reader gets from the two figures, rather than +0.33 from the unrounded means."""
    score = Score(key="EC.1", label="EC.1", mean=_round(Decimal(8) / 3), previous_mean=_round(Decimal(7) / 3))
    assert (score.previous_mean, score.mean, score.growth) == (
        Decimal("2.33"),
        Decimal("2.67"),
        Decimal("0.34"),
    )
