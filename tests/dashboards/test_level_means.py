"""level_means(): mean self-rated level per school and domain, competency and theme, against
hand computation; suppression per cell; the district combines the schools' cells that are
shown, and only those (a person at two shown schools counts at both); three queries."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

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
from dashboards.figures.levels import level_means
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
    """Alder: p1..p6 rated (p7 has a draft only); Birch: q1..q4 and p6, who works at both
    (Alder was made first: its id is the lower).

        ratings (I1, I2, I3, I4)      D1 = I1..I3   D2 = I4   C1 = I1,I2   C2 = I3   T2 = I3,I4
        p1  1 2 3 4                   6/3           4         3/2          3         7/2
        p2  2 2 2 2                   6/3           2         4/2          2         4/2
        p3  3 3 - 1                   6/2           1         6/2          -         1/1
        p4  4 3 2 1                   9/3           1         7/2          2         3/2
        p5  1 1 - 1  (older: 4s)      2/2           1         2/2          -         1/1
        p6  2 3 4 4                   9/3           4         5/2          4         8/2
        q1  4 4 4 4                   12/3          4         8/2          4         8/2
        q2  3 3 3 3                   9/3           3         6/2          3         6/2
        q3  2 2 2 2                   6/3           2         4/2          2         4/2
        q4  1 2 1 1                   4/3           1         3/2          1         2/2

    Alder: D1 38/16 = 2.38, D2 = C3 13/6 = 2.17, C1 = T1 27/12 = 2.25, C2 four people
    (suppressed), T2 24/10 = 2.40. Birch (five people, p6 among them): D1 (9 + 31)/15 = 2.67,
    D2 = C3 (4 + 10)/5 = 2.80, C1 = T1 (5 + 21)/10 = 2.60, C2 (4 + 10)/5 = 2.80,
    T2 (8 + 20)/10 = 2.80. The district sums the cells shown, p6 at both schools: D1
    (38 + 40)/(16 + 15) = 78/31 = 2.52, D2 = C3 (13 + 14)/(6 + 5) = 27/11 = 2.45,
    C1 = T1 (27 + 26)/(12 + 10) = 53/22 = 2.41, T2 (24 + 28)/(10 + 10) = 52/20 = 2.60,
    each of 6 + 5 = 11 people; C2 is Birch's only (Alder's is suppressed), 14/5 = 2.80
    with five people (see
    test_someone_at_two_schools_counts_in_the_district_where_their_cell_is_shown).
    """
    alder, birch = SchoolFactory(name="Alder"), SchoolFactory(name="Birch")
    p = [person(Role.TEACHER, school=alder) for _ in range(7)]
    MembershipFactory(user=p[5], school=birch, role=Role.TEACHER)
    q = [person(Role.TEACHER, school=birch) for _ in range(4)]
    shape.rate(p[4], [4, 4, 4, 4], at=local(ago(40)))
    for who, values in zip(
        p + q,
        [[1, 2, 3, 4], [2, 2, 2, 2], [3, 3, None, 1], [4, 3, 2, 1], [1, 1, None, 1], [2, 3, 4, 4], None,
         [4, 4, 4, 4], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 1, 1]],
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
        (birch, k("domain", shape.d1)): cell("2.67", 5),  # 40 / 15
        (birch, k("domain", shape.d2)): cell("2.80", 5),  # 14 / 5
        (birch, k("competency", shape.c1)): cell("2.60", 5),  # 26 / 10
        (birch, k("competency", shape.c2)): cell("2.80", 5),  # 14 / 5
        (birch, k("competency", shape.c3)): cell("2.80", 5),
        (birch, k("theme", shape.t1)): cell("2.60", 5),
        (birch, k("theme", shape.t2)): cell("2.80", 5),  # 28 / 10
    }, "p6 counts at both schools"
    assert {key: value for key, value in cells.items() if key[0] is None} == {
        (None, k("domain", shape.d1)): cell("2.52", 11),  # (38 + 40) / (16 + 15) = 78 / 31
        (None, k("domain", shape.d2)): cell("2.45", 11),  # (13 + 14) / (6 + 5) = 27 / 11
        (None, k("competency", shape.c1)): cell("2.41", 11),  # (27 + 26) / (12 + 10) = 53 / 22
        (None, k("competency", shape.c2)): cell("2.80", 5),  # Birch's only: 14 / 5
        (None, k("competency", shape.c3)): cell("2.45", 11),
        (None, k("theme", shape.t1)): cell("2.41", 11),
        (None, k("theme", shape.t2)): cell("2.60", 11),  # (24 + 28) / (10 + 10) = 52 / 20
    }, "the district sums the shown cells: p6 counts at both schools, eleven people, not ten"
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
    shown = SchoolFactory()  # five raters: its cells are shown, so the district has cells too
    for _ in range(5):
        shape.rate(person(Role.TEACHER, school=shown), [1, 2, 3, 4])

    with django_assert_num_queries(3) as captured:
        result = level_means(framework=shape.framework)

    assert len({school for school, _ in result["cells"]}) == size + 2, "every school's and the district's"
    assert len(captured.captured_queries) == 3, (
        "the heatmap reads the framework's shape in two queries and the levels of every school in "
        "one (level_means' docstring); one query per school would grow with the district"
    )


def test_someone_at_two_schools_counts_in_the_district_where_their_cell_is_shown(shape, world):
    """C2 (I3): Alder's cell is suppressed (p1, p2, p4, p6: four people), Birch's shown (p6,
    q1..q4: 4 + 4 + 3 + 2 + 1 = 14 over five). The district takes Birch's cell only, p6
    included: 14 / 5 = 2.80 with five people, exactly Birch's, so it says nothing new."""
    cells = level_means(framework=shape.framework)["cells"]

    assert cells[(None, shape.key("competency", shape.c2))] == cell("2.80", 5)


def test_the_district_cannot_be_used_to_single_out_someone_at_two_schools(shape):
    """Aspen (made first: the lower id) has `shared` and three others: suppressed. Birch has
    `shared` and five others, shown. Were `shared` counted at Aspen, the district's cell
    would be Birch's five others, and Birch's total less the district's would be `shared`'s
    own rating. The district takes Birch's cell whole: six people, Birch's mean."""
    aspen, birch = SchoolFactory(name="Aspen"), SchoolFactory(name="Birch")
    assert aspen.pk < birch.pk
    shared = person(Role.TEACHER, school=aspen)
    MembershipFactory(user=shared, school=birch, role=Role.TEACHER)
    shape.rate(shared, [4, 4, 4, 4])
    for _ in range(3):
        shape.rate(person(Role.TEACHER, school=aspen), [1, 1, 1, 1])
    for _ in range(5):
        shape.rate(person(Role.TEACHER, school=birch), [2, 2, 2, 2])
    d2 = shape.key("domain", shape.d2)

    cells = level_means(framework=shape.framework)["cells"]

    assert cells[(aspen.pk, d2)] == SUPPRESSED
    assert cells[(birch.pk, d2)] == cell("2.33", 6)  # (4 + 5 * 2) / 6
    assert cells[(None, d2)] == cell("2.33", 6), "Birch's cell, shared included"


def test_the_district_cell_is_the_combination_of_the_shown_school_cells_exactly(shape):
    """Elm: e1..e4 and `shared` (five); Fir: f1..f9 and `shared` (ten); Ash: a1..a3 and e1
    (four: every cell suppressed). Each person rates I1..I3 at one value v and I4 at w, so
    every cell's answers are its people times its indicators, and every shown mean is exact
    at two decimals (fifths and tenths): the district's cell is the people-weighted mean of
    the shown cells exactly, and its people their sum.

                   v (I1..I3)                      w (I4)
        Elm        e1..e4 1 2 3 4, shared 4        2 3 1 4, shared 2
        Fir        f1..f9 1 1 2 2 2 3 3 3 4,       all 3, shared 2
                   shared 4
        Ash        a1..a3 1 1 1, e1 1              1 1 1, e1 2

    Elm: I1..I3 14 each, I4 12. D1 42/15 = 2.80, D2 = C3 12/5 = 2.40, C1 = T1 28/10 = 2.80,
    C2 14/5 = 2.80, T2 (14 + 12)/10 = 2.60. Fir: I1..I3 25 each, I4 27 + 2 = 29. D1 75/30 =
    2.50, D2 = C3 29/10 = 2.90, C1 = T1 50/20 = 2.50, C2 25/10 = 2.50, T2 54/20 = 2.70.
    District, fifteen people (5 + 10, `shared` at both; Ash's nothing): D1 (42 + 75)/45 =
    2.60, D2 = C3 (12 + 29)/15 = 41/15 = 2.73, C1 = T1 (28 + 50)/30 = 2.60, C2 (14 + 25)/15
    = 2.60, T2 (26 + 54)/30 = 80/30 = 2.67."""
    ash, elm, fir = SchoolFactory(name="Ash"), SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    e = [person(Role.TEACHER, school=elm) for _ in range(4)]
    f = [person(Role.TEACHER, school=fir) for _ in range(9)]
    a = [person(Role.TEACHER, school=ash) for _ in range(3)]
    shared = person(Role.TEACHER, school=elm)
    MembershipFactory(user=shared, school=fir, role=Role.TEACHER)
    MembershipFactory(user=e[0], school=ash, role=Role.TEACHER)
    for who, v, w in zip(
        [*e, shared, *f, *a],
        [1, 2, 3, 4, 4, 1, 1, 2, 2, 2, 3, 3, 3, 4, 1, 1, 1],
        [2, 3, 1, 4, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1],
        strict=True,
    ):
        shape.rate(who, [v, v, v, w])
    k = shape.key
    groups = [k("domain", shape.d1), k("domain", shape.d2), k("competency", shape.c1),
              k("competency", shape.c2), k("competency", shape.c3), k("theme", shape.t1),
              k("theme", shape.t2)]  # fmt: skip

    cells = level_means(framework=shape.framework)["cells"]

    assert all(cells[(ash.pk, key)] == SUPPRESSED for key in groups), "four people"
    assert {key: cells[(elm.pk, key)] for key in groups} == {
        k("domain", shape.d1): cell("2.80", 5),
        k("domain", shape.d2): cell("2.40", 5),
        k("competency", shape.c1): cell("2.80", 5),
        k("competency", shape.c2): cell("2.80", 5),
        k("competency", shape.c3): cell("2.40", 5),
        k("theme", shape.t1): cell("2.80", 5),
        k("theme", shape.t2): cell("2.60", 5),
    }
    assert {key: cells[(fir.pk, key)] for key in groups} == {
        k("domain", shape.d1): cell("2.50", 10),
        k("domain", shape.d2): cell("2.90", 10),
        k("competency", shape.c1): cell("2.50", 10),
        k("competency", shape.c2): cell("2.50", 10),
        k("competency", shape.c3): cell("2.90", 10),
        k("theme", shape.t1): cell("2.50", 10),
        k("theme", shape.t2): cell("2.70", 10),
    }
    assert {key: cells[(None, key)] for key in groups} == {
        k("domain", shape.d1): cell("2.60", 15),  # 117 / 45
        k("domain", shape.d2): cell("2.73", 15),  # 41 / 15
        k("competency", shape.c1): cell("2.60", 15),  # 78 / 30
        k("competency", shape.c2): cell("2.60", 15),  # 39 / 15
        k("competency", shape.c3): cell("2.73", 15),
        k("theme", shape.t1): cell("2.60", 15),
        k("theme", shape.t2): cell("2.67", 15),  # 80 / 30
    }
    for key in groups:
        shown = [c for (school, group), c in cells.items() if group == key and school and not c["suppressed"]]
        people = sum(c["people"] for c in shown)
        combined = sum(c["mean"] * c["people"] for c in shown) / people
        assert cells[(None, key)] == cell(
            combined.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), people
        ), "the district's cell is the shown cells combined, people-weighted, and nothing else"


def test_the_district_row_cannot_be_used_to_work_out_a_hidden_school(shape):
    """Ash has four raters (every cell suppressed), Elm five, Fir six; nobody works at two.
    Had the district counted Ash, the district less Elm and Fir (weighted by their people)
    would be Ash's mean: it counts the people behind the cells shown only, so that
    difference is nothing.

        Elm  1 2 3 4 · 2 2 2 2 · 3 3 3 3 · 1 1 2 2 · 4 3 2 1   I1..I4 totals 11 11 12 12
        Fir  2 2 2 2 three times, 3 3 3 3 three times          I1..I4 totals 15 each
        Ash  4 4 4 4 four times                                I1..I4 totals 16 each

    Everyone rated every indicator, so a cell's answers are its people times its
    indicators, and the district's mean is the people-weighted mean of Elm's and Fir's.
    """
    ash, elm, fir = SchoolFactory(name="Ash"), SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    for _ in range(4):
        shape.rate(person(Role.TEACHER, school=ash), [4, 4, 4, 4])
    for values in [[1, 2, 3, 4], [2, 2, 2, 2], [3, 3, 3, 3], [1, 1, 2, 2], [4, 3, 2, 1]]:
        shape.rate(person(Role.TEACHER, school=elm), values)
    for value in [2, 2, 2, 3, 3, 3]:
        shape.rate(person(Role.TEACHER, school=fir), [value] * 4)
    k = shape.key
    groups = [k("domain", shape.d1), k("domain", shape.d2), k("competency", shape.c1),
              k("competency", shape.c2), k("competency", shape.c3), k("theme", shape.t1),
              k("theme", shape.t2)]  # fmt: skip

    cells = level_means(framework=shape.framework)["cells"]

    assert all(cells[(ash.pk, key)] == SUPPRESSED for key in groups), "four people"
    assert {key: cells[(elm.pk, key)] for key in groups} == {
        k("domain", shape.d1): cell("2.27", 5),  # (11 + 11 + 12) / 15 = 34 / 15
        k("domain", shape.d2): cell("2.40", 5),  # 12 / 5
        k("competency", shape.c1): cell("2.20", 5),  # 22 / 10
        k("competency", shape.c2): cell("2.40", 5),  # 12 / 5
        k("competency", shape.c3): cell("2.40", 5),
        k("theme", shape.t1): cell("2.20", 5),
        k("theme", shape.t2): cell("2.40", 5),  # 24 / 10
    }
    assert all(cells[(fir.pk, key)] == cell("2.50", 6) for key in groups), "(3 * 2 + 3 * 3) / 6"
    # Elm and Fir only, eleven people; with Ash's four it would have been fifteen and, for
    # D1, (34 + 45 + 48) / 45 = 2.82.
    assert {key: cells[(None, key)] for key in groups} == {
        k("domain", shape.d1): cell("2.39", 11),  # (34 + 45) / (15 + 18) = 79 / 33
        k("domain", shape.d2): cell("2.45", 11),  # (12 + 15) / (5 + 6) = 27 / 11
        k("competency", shape.c1): cell("2.36", 11),  # (22 + 30) / (10 + 12) = 52 / 22
        k("competency", shape.c2): cell("2.45", 11),  # (12 + 15) / (5 + 6)
        k("competency", shape.c3): cell("2.45", 11),
        k("theme", shape.t1): cell("2.36", 11),
        k("theme", shape.t2): cell("2.45", 11),  # (24 + 30) / (10 + 12) = 54 / 22
    }
    for key in groups:
        district, shown = cells[(None, key)], [cells[(elm.pk, key)], cells[(fir.pk, key)]]
        hidden_people = district["people"] - sum(c["people"] for c in shown)
        hidden_total = district["mean"] * district["people"] - sum(c["mean"] * c["people"] for c in shown)
        # Means are rounded to 0.01: at most 0.005 * (11 + 5 + 6) = 0.11 of error in all;
        # one hidden rater would add at least 1 (the lowest level).
        assert hidden_people == 0 and abs(hidden_total) <= Decimal("0.11"), (
            "the district less the schools shown is nobody (up to the rounding of the means)"
        )
