"""Every name on the principal's home, the school dashboard, the coach's workspace and the
overdue lists links to the person page; the overdue lists offer a reminder."""

import pytest

from tests.support import get

pytestmark = pytest.mark.django_db


def html_for(client, viewer, path):
    client.force_login(viewer)
    response = get(client, path)
    assert response.status_code == 200, path
    return response.content.decode()


def link_to(person):
    return f'<a href="/people/{person.pk}/profile/" class="person-link">{person.full_name}</a>'


def test_the_principals_home_links_her_supervisee(client, world):
    assert link_to(world.teacher) in html_for(client, world.principal, "/")


def test_the_teachers_home_links_her_supervisor(client, world):
    assert link_to(world.principal) in html_for(client, world.teacher, "/")


def test_the_school_dashboards_overdue_list_links_and_offers_a_reminder(client, world):
    html = html_for(client, world.principal, f"/dashboards/schools/{world.school.pk}/")
    overdue = html.split('id="overdue-supervisees"')[1].split("</table>")[0]
    assert link_to(world.teacher) in overdue
    assert 'aria-label="Send a reminder to Theo Park"' in overdue
    assert f'name="person" value="{world.teacher.pk}"' in overdue


def test_the_coachs_workspace_links_coachees_and_offers_a_reminder(client, world):
    html = html_for(client, world.coach, "/coaching/")
    assert html.count(link_to(world.teacher)) >= 3  # open cycles, coachees, overdue check-ins
    assert 'aria-label="Send a reminder to Theo Park"' in html
    assert f'name="check_in" value="{world.cycle_overdue.pk}"' in html
