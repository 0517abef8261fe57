"""level_means(): mean self-rated level per school and domain, competency and theme, against
hand computation; suppression per cell; the district counts each person once; three queries."""

import datetime
from decimal import Decimal

import pytest

from assessments.models import (
    AdoptionStatus,
    Audience,
    Framework,
    Item,
    ItemKind,
    Level,
    Rating,
    SelfAssessment,
    SelfAssessmentStatus,
    Theme,
)
from core.roles import Role
from core.time import district_timezone, district_today
from dashboards.figures import level_means
from tests.factories import MembershipFactory, SchoolFactory, person

pytestmark = pytest.mark.django_db


def ago(n: int) -> datetime.date:
    return district_today() - datetime.timedelta(days=n)


def local(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=district_timezone())


class Shape:
    """Two domains. D1 has competencies C1 (indicators I1, I2) and C2 (I3); D2 has C3 (I4).
    Theme T1 tags the competency C1 (so it covers I1 and I2); theme T2 tags the indicators
    I3 and I4. Levels are worth 1 to 4."""

    def __init__(self, title="Level means framework"):
        self.framework = fw = Framework.objects.create(
            title=title, audience=Audience.EDUCATORS, adoption_status=AdoptionStatus.ADOPTED
        )

        def item(kind, code, parent=None, sequence=1):
            return Item.objects.create(
                framework=fw,
                kind=kind,
                code=code,
                title=f"Title {code}",
                statement=f"Statement {code}",
                parent=parent,
                depth=1 if parent is None else parent.depth + 1,
                sequence=sequence,
            )

        self.d1 = item(ItemKind.DOMAIN, "D1")
        self.d2 = item(ItemKind.DOMAIN, "D2", sequence=2)
        self.c1 = item(ItemKind.COMPETENCY, "D1.1", self.d1)
        self.c2 = item(ItemKind.COMPETENCY, "D1.2", self.d1, sequence=2)
        self.c3 = item(ItemKind.COMPETENCY, "D2.1", self.d2)
        self.indicators = [
            item(ItemKind.INDICATOR, "D1.1.a", self.c1),
            item(ItemKind.INDICATOR, "D1.1.b", self.c1, sequence=2),
            item(ItemKind.INDICATOR, "D1.2.a", self.c2),
            item(ItemKind.INDICATOR, "D2.1.a", self.c3),
        ]
        self.t1 = Theme.objects.create(framework=fw, title="Equity", position=1)
        self.t2 = Theme.objects.create(framework=fw, title="Coherence", position=2)
        self.c1.themes.add(self.t1)
        self.indicators[2].themes.add(self.t2)
        self.indicators[3].themes.add(self.t2)
        self.levels = {
            value: Level.objects.create(framework=fw, name=f"Level {value}", value=value, position=value)
            for value in (1, 2, 3, 4)
        }

    def key(self, kind, obj) -> str:
        return f"{kind}:{obj.pk}"

    def rate(self, who, values, *, at=None, status=SelfAssessmentStatus.SUBMITTED):
        """A round rating I1..I4 with `values` (None: not yet applicable)."""
        at = at or local(ago(3))
        round_ = SelfAssessment.objects.create(
            person=who,
            framework=self.framework,
            status=status,
            submitted_at=at if status == SelfAssessmentStatus.SUBMITTED else None,
        )
        for indicator, value in zip(self.indicators, values, strict=True):
            if value is None:
                Rating.objects.create(
                    self_assessment=round_,
                    indicator=indicator,
                    not_applicable=True,
                    not_applicable_reason="n/a",
                )
            else:
                Rating.objects.create(self_assessment=round_, indicator=indicator, level=self.levels[value])
        return round_


@pytest.fixture
def shape():
    return Shape()


@pytest.fixture
def world(shape):
    """Alder: p1..p6 rated (p7 has a draft only); Birch: q1..q3 and p6, who works at both.

        ratings (I1, I2, I3, I4)      D1 = I1..I3   D2 = I4   C1 = I1,I2   C2 = I3   T2 = I3,I4
        p1  1 2 3 4                   6/3           4         3/2          3         7/2
        p2  2 2 2 2                   6/3           2         4/2          2         4/2
        p3  3 3 - 1                   6/2           1         6/2          -         1/1
        p4  4 3 2 1                   9/3           1         7/2          2         3/2
        p5  1 1 - 1  (older: 4s)      2/2           1         2/2          -         1/1
        p6  2 3 4 4                   9/3           4         5/2          4         8/2
        q1  4 4 4 4 · q2 3 3 3 3 · q3 2 2 2 2

    Alder: D1 38/16 = 2.38, D2 = C3 13/6 = 2.17, C1 = T1 27/12 = 2.25, C2 four people
    (suppressed), T2 24/10 = 2.40. Birch: four people, every cell suppressed. District (nine
    people, p6 once): D1 65/25 = 2.60, D2 = C3 22/9 = 2.44, C1 = T1 45/18 = 2.50,
    C2 (seven people) 20/7 = 2.86, T2 42/16 = 2.63.
    """
    alder, birch = SchoolFactory(name="Alder"), SchoolFactory(name="Birch")
    p = [person(Role.TEACHER, school=alder) for _ in range(7)]
    MembershipFactory(user=p[5], school=birch, role=Role.TEACHER)
    q = [person(Role.TEACHER, school=birch) for _ in range(3)]
    shape.rate(p[4], [4, 4, 4, 4], at=local(ago(40)))
    for who, values in zip(
        p + q,
        [[1, 2, 3, 4], [2, 2, 2, 2], [3, 3, None, 1], [4, 3, 2, 1], [1, 1, None, 1], [2, 3, 4, 4], None,
         [4, 4, 4, 4], [3, 3, 3, 3], [2, 2, 2, 2]],
        strict=True,
    ):  # fmt: skip
        if values is None:
            shape.rate(who, [4, 4, 4, 4], status=SelfAssessmentStatus.DRAFT)
        else:
            shape.rate(who, values)
    shape.rate(person(Role.CENTRAL_OFFICE), [4, 4, 4, 4])  # not at a school
    other = Shape("Another framework")
    for who in p[:6]:
        other.rate(who, [4, 4, 4, 4])  # another framework's rounds do not count
    return {"alder": alder, "birch": birch, "p": p, "q": q}


def cell(mean, people):
    return {"mean": Decimal(mean), "people": people, "suppressed": False}


SUPPRESSED = {"mean": None, "people": None, "suppressed": True}


def test_groups_are_domains_then_competencies_then_themes_in_framework_order(shape):
    groups = level_means(framework=shape.framework)["groups"]

    assert [(g.kind, g.code, g.label) for g in groups] == [
        ("domain", "D1", "Title D1"),
        ("domain", "D2", "Title D2"),
        ("competency", "D1.1", "Title D1.1"),
        ("competency", "D1.2", "Title D1.2"),
        ("competency", "D2.1", "Title D2.1"),
        ("theme", "", "Equity"),
        ("theme", "", "Coherence"),
    ], "a heatmap's columns follow the framework: D1's competencies, then D2's"
    assert groups[0].key == shape.key("domain", shape.d1)


def test_every_cell_matches_the_hand_computation(shape, world):
    cells = level_means(framework=shape.framework)["cells"]
    alder, birch = world["alder"].pk, world["birch"].pk
    k = shape.key

    assert {key: value for key, value in cells.items() if key[0] == alder} == {
        (alder, k("domain", shape.d1)): cell("2.38", 6),
        (alder, k("domain", shape.d2)): cell("2.17", 6),
        (alder, k("competency", shape.c1)): cell("2.25", 6),
        (alder, k("competency", shape.c2)): SUPPRESSED,
        (alder, k("competency", shape.c3)): cell("2.17", 6),
        (alder, k("theme", shape.t1)): cell("2.25", 6),
        (alder, k("theme", shape.t2)): cell("2.40", 6),
    }
    assert {key: value for key, value in cells.items() if key[0] == birch} == {
        (birch, k(kind, obj)): SUPPRESSED
        for kind, obj in [("domain", shape.d1), ("domain", shape.d2), ("competency", shape.c1),
                          ("competency", shape.c2), ("competency", shape.c3), ("theme", shape.t1),
                          ("theme", shape.t2)]
    }, "four people at Birch: every cell is suppressed"  # fmt: skip
    assert {key: value for key, value in cells.items() if key[0] is None} == {
        (None, k("domain", shape.d1)): cell("2.60", 9),
        (None, k("domain", shape.d2)): cell("2.44", 9),
        (None, k("competency", shape.c1)): cell("2.50", 9),
        (None, k("competency", shape.c2)): cell("2.86", 7),
        (None, k("competency", shape.c3)): cell("2.44", 9),
        (None, k("theme", shape.t1)): cell("2.50", 9),
        (None, k("theme", shape.t2)): cell("2.63", 9),
    }, "the person at both schools counts once in the district"
    assert set(cells) == {(s, k) for s in (alder, birch, None) for k in [g.key for g in level_means(
        framework=shape.framework)["groups"]]}  # fmt: skip


def test_a_theme_on_a_competency_covers_its_indicators_and_one_on_a_domain_covers_all_below(shape):
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    shape.d2.themes.add(shape.t1)  # now T1 covers I1, I2 (through C1) and I4 (through D2)
    for who in staff:
        shape.rate(who, [1, 2, 4, 3])

    cells = level_means(framework=shape.framework)["cells"]

    assert cells[(school.pk, shape.key("theme", shape.t1))] == cell("2.00", 5), "(1 + 2 + 3) / 3 each"
    assert cells[(school.pk, shape.key("theme", shape.t2))] == cell("3.50", 5), "I3 and I4: (4 + 3) / 2"


def test_a_cell_is_shown_only_when_five_people_rated_one_of_its_indicators(shape):
    """Six people rated C1, but three only its first indicator and three only its second:
    no single answer stands for five people, so the cell stays suppressed (the rule errs on
    the side of privacy). With two more rating the first indicator, five stand behind it."""
    school = SchoolFactory()
    for values in [[2, None, 2, 2]] * 3 + [[None, 4, 2, 2]] * 3:
        shape.rate(person(Role.TEACHER, school=school), values)
    c1 = (school.pk, shape.key("competency", shape.c1))

    assert level_means(framework=shape.framework)["cells"][c1] == SUPPRESSED

    for _ in range(2):
        shape.rate(person(Role.TEACHER, school=school), [3, None, 2, 2])

    assert level_means(framework=shape.framework)["cells"][c1] == cell("3.00", 5), (
        "(3 * 2 + 2 * 3 + 3 * 4) / 8"
    )


def test_only_the_latest_round_submitted_by_the_date_counts(shape):
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    for who in staff:
        shape.rate(who, [1, 1, 1, 1], at=local(ago(30)))
        shape.rate(who, [3, 3, 3, 3], at=local(ago(2)))
    d1 = shape.key("domain", shape.d1)

    assert level_means(framework=shape.framework)["cells"][(school.pk, d1)]["mean"] == Decimal("3.00")
    assert level_means(framework=shape.framework, on=ago(10))["cells"][(school.pk, d1)]["mean"] == Decimal(
        "1.00"
    )
    assert level_means(framework=shape.framework, on=ago(40))["cells"] == {}, "nobody had rated yet"


def test_limiting_to_a_school_leaves_out_the_others_people(shape, world):
    cells = level_means(framework=shape.framework, school_ids=[world["alder"].pk])["cells"]

    assert {school for school, _ in cells} == {world["alder"].pk, None}
    d1 = shape.key("domain", shape.d1)
    assert cells[(None, d1)] == cell("2.38", 6), "the total over the chosen schools only"


@pytest.mark.parametrize("size", [1, 50])
def test_level_means_takes_three_queries_whatever_the_district_size(size, shape, django_assert_num_queries):
    for _ in range(size):
        shape.rate(person(Role.TEACHER, school=SchoolFactory()), [1, 2, 3, 4])

    with django_assert_num_queries(3) as captured:
        result = level_means(framework=shape.framework)

    assert len({school for school, _ in result["cells"]}) == size + 1
    assert len(captured.captured_queries) == 3, (
        "the heatmap reads the framework's shape in two queries and the levels of every school in "
        "one (level_means' docstring); one query per school would grow with the district"
    )
