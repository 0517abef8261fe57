"""The central office opens the district dashboard, sorts the schools, filters them by
stage, sees a heatmap cell that describes fewer than five people say so, and drills down
to a school's own dashboard."""

import datetime
import re

from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, has_no_horizontal_scroll, path_is, unique, wait_until


def school_with_raters(district, *, raters: int, stage: str):
    """A school whose `raters` teachers each submitted a self-assessment rating every EC.1
    indicator of the educators' framework at Proficient."""
    from assessments.models import Item, ItemKind, Rating, SelfAssessment
    from schools.models import School
    from tests.dashboards.district_fixture import educators

    school = district.school(name=unique("Dashboard School"))
    with tenant_context(district.district):
        School.objects.filter(pk=school.pk).update(stage=stage)
        framework = educators()
        level = framework.levels.get(name="Proficient")
        indicators = list(
            Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, code__startswith="EC.1.")
        )
    for _ in range(raters):
        teacher = district.person("teacher", school=school)
        with tenant_context(district.district):
            sa = SelfAssessment.objects.create(
                person=teacher,
                framework=framework,
                status="submitted",
                submitted_at=timezone.now() - datetime.timedelta(hours=1),
            )
            Rating.objects.bulk_create(
                Rating(self_assessment=sa, indicator=i, level=level) for i in indicators
            )
    return school


def a_month_of_history(district):
    """A district snapshot last month, so the trend charts have a point to draw."""
    from core.time import district_today
    from dashboards.models import Snapshot

    with tenant_context(district.district):
        day = (district_today().replace(day=1) - datetime.timedelta(days=1)).replace(day=15)
        Snapshot.objects.get_or_create(
            taken_on=day,
            school=None,
            defaults={"figures": {"staff": 9, "self_assessment_rate": "0.800", "mean_level": "3.00"}},
        )


def school_names(page) -> list[str]:
    return page.locator("#schools-table tbody th[scope=row]").all_inner_texts()


def test_central_office_sorts_filters_sees_suppression_and_drills_down(page, district, sign_in_as):
    big = school_with_raters(district, raters=5, stage="moving_forward")
    small = school_with_raters(district, raters=4, stage="sustaining")
    a_month_of_history(district)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in_as(district.person("central_office"))
    page.set_viewport_size(DESKTOP)

    page.goto("/dashboards/district/")
    expect(page.get_by_role("heading", name="District dashboard", level=1)).to_be_visible()
    expect(page.locator("canvas#district-trend-shares[data-drawn=true]")).to_be_attached()

    table = page.locator("#schools-table")
    table.get_by_role("link", name="Staff", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]sort=staff(&|$)"))
    expect(table.locator("th[aria-sort=ascending]")).to_contain_text("Staff")
    names = school_names(page)
    assert names.index(small.name) < names.index(big.name)
    table.get_by_role("link", name="Staff", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-staff(&|$)"))
    expect(table.locator("th[aria-sort=descending]")).to_contain_text("Staff")
    names = school_names(page)
    assert names.index(big.name) < names.index(small.name)

    page.get_by_label("Stage").select_option(label="Sustaining")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"[?&]stage=sustaining(&|$)"))
    expect(table.get_by_role("link", name=small.name)).to_be_visible()
    expect(table.get_by_role("link", name=big.name)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]sort=-staff(&|$)"))  # the order stays

    heatmap = page.locator("#heatmap-competency-table")
    cells = heatmap.get_by_role("row", name=re.compile(re.escape(small.name))).locator("td.heat-suppressed")
    expect(cells).to_have_count(3)  # EC.1's three competencies
    expect(cells.first).to_have_text("fewer than 5 people: not shown, so that nobody can be singled out")
    expect(cells.first.locator(".suppressed")).to_be_visible()

    page.set_viewport_size(PHONE)
    # The charts follow the new width once their resize observers have run.
    wait_until(page, "document.documentElement.scrollWidth <= window.innerWidth")
    assert has_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)

    table.get_by_role("link", name=small.name).click()
    expect(page).to_have_url(path_is(f"/dashboards/schools/{small.pk}/"))
    expect(page.get_by_role("heading", name=small.name, level=1)).to_be_visible()
    assert errors == []
