"""The coach's loop, as the coach meets it on the pages and the API: one notes box that
keeps what was typed, editing an observation until feedback is given on it, feedback tied
to indicators, a next action that follows what happened, stage moves from the cycle page,
a timeline that says each stage change in words, and indicators shown as code and text."""

import datetime
import html
import re

import pytest
from django.core.exceptions import ValidationError

from assessments.templatetags.indicators import indicator_text
from coaching.cycles.rules import FEEDBACK_GIVEN_MESSAGE, observation_edit_refusal
from coaching.cycles.services.feedback import feedback_acknowledge, feedback_give
from coaching.cycles.services.lifecycle import cycle_start, cycle_transition
from coaching.cycles.services.observations import attachment_add, observation_record, observation_update
from coaching.models import Feedback, Observation
from core.models import AuditEvent
from core.time import district_today
from tests.coaching.cycles.test_cycles import live_indicators
from tests.support import get, post, signed_in

pytestmark = pytest.mark.django_db


def observing_cycle(world):
    today = district_today()
    cycle = cycle_start(
        actor=world.coach,
        coachee=world.teacher,
        title="Questioning",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=30),
        cadence="weekly",
        focus_indicator_ids=[i.pk for i in live_indicators(n=2)],
    )
    return cycle_transition(actor=world.coach, cycle=cycle, to="observing")


def observe(world, cycle, notes="First visit", evidence=None):
    return observation_record(
        actor=world.coach,
        observed=world.teacher,
        observed_on=district_today(),
        kind="observation",
        notes=notes,
        cycle=cycle,
        evidence=evidence or [],
    )


def visible(page: str) -> str:
    """The page's text as a reader sees it: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def inputs_named(html: str, name: str) -> int:
    return len(re.findall(rf'<(?:input|textarea|select)\b[^>]*\bname="{name}"', html))


# --- Defect 1: one notes box, and the notes typed are the notes saved ---------------------


def test_the_observation_form_has_one_notes_box_and_keeps_what_is_typed_in_it(client, world):
    cycle = observing_cycle(world)
    coach = signed_in(client, world.coach)
    form = get(coach, f"/coaching/observe/?cycle={cycle.pk}").content.decode()
    assert inputs_named(form, "notes") == 1, "Notes is rendered once"
    assert form.count('id="id_notes"') == 1
    focus = live_indicators(n=1)[0]
    response = post(
        coach,
        f"/coaching/observe/?cycle={cycle.pk}",
        {
            "observed_on": district_today(),
            "kind": "observation",
            "notes": "Students explained their strategies to a partner.",
            "indicator_1": focus.pk,
            "note_1": "Turn and talk",
        },
    )
    observation = Observation.objects.get(cycle=cycle)
    assert response.status_code == 302
    assert observation.notes == "Students explained their strategies to a partner."
    page = get(coach, f"/coaching/observations/{observation.pk}/").content.decode()
    assert "Students explained their strategies to a partner." in page
    assert indicator_text(focus) in visible(page)


def test_the_observer_edits_notes_and_evidence_from_the_page_until_feedback_is_given(client, world):
    cycle = observing_cycle(world)
    first, second = live_indicators(n=2)
    observation = observe(world, cycle, evidence=[{"indicator": first.pk, "note": "Wait time"}])
    coach = signed_in(client, world.coach)
    form = get(coach, f"/coaching/observations/{observation.pk}/edit/").content.decode()
    assert inputs_named(form, "notes") == 1
    assert "First visit" in form
    response = post(
        coach,
        f"/coaching/observations/{observation.pk}/edit/",
        {
            "observed_on": district_today(),
            "kind": "walkthrough",
            "notes": "Second thoughts on the first visit",
            "indicator_1": second.pk,
            "note_1": "Cold calling",
        },
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.notes == "Second thoughts on the first visit" and observation.kind == "walkthrough"
    assert [(e.indicator_id, e.note) for e in observation.evidence.all()] == [(second.pk, "Cold calling")]
    assert AuditEvent.objects.filter(action="observation.updated", target_id=str(observation.pk)).exists()

    feedback_give(actor=world.coach, cycle=cycle, observation=observation, strengths="S", next_steps="N")
    refused = post(coach, f"/coaching/observations/{observation.pk}/edit/", {"notes": "Too late"})
    assert refused.status_code == 302
    detail = get(coach, refused.url).content.decode()
    assert FEEDBACK_GIVEN_MESSAGE.split(",")[0] in detail
    assert "Edit the observation" not in detail
    observation.refresh_from_db()
    assert observation.notes == "Second thoughts on the first visit"


def test_observation_update_is_refused_once_feedback_is_given_on_it(world):
    cycle = observing_cycle(world)
    observation = observe(world, cycle)
    changed = observation_update(actor=world.coach, observation=observation, notes="Better words")
    assert changed.notes == "Better words"
    feedback_give(actor=world.coach, cycle=cycle, observation=observation, strengths="S", next_steps="N")
    with pytest.raises(ValidationError) as refused:
        observation_update(actor=world.coach, observation=observation, notes="Rewritten")
    assert refused.value.message_dict == {"observation": [FEEDBACK_GIVEN_MESSAGE]}
    assert observation_edit_refusal(actor=world.coach, observation=observation) == (FEEDBACK_GIVEN_MESSAGE)


def test_feedback_on_another_observation_leaves_this_one_editable(world):
    cycle = observing_cycle(world)
    kept, other = observe(world, cycle, notes="One"), observe(world, cycle, notes="Two")
    feedback_give(actor=world.coach, cycle=cycle, observation=other, strengths="S", next_steps="N")
    assert observation_edit_refusal(actor=world.coach, observation=kept) is None
    assert observation_edit_refusal(actor=world.teacher, observation=kept) == (
        "Only the observer changes an observation."
    )


def test_patching_an_observation_through_the_api_until_feedback_is_given(world, api):
    cycle = observing_cycle(world)
    observation = observe(world, cycle)
    first = live_indicators(n=1)[0]
    url = f"/api/v1/observations/{observation.pk}/"
    changed = api(world.coach).patch(
        url, {"notes": "From the API", "evidence": [{"indicator": first.pk, "note": "seen"}]}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["notes"] == "From the API"
    assert [e["indicator"]["id"] for e in changed.json()["evidence"]] == [first.pk]
    feedback_give(actor=world.coach, cycle=cycle, observation=observation, strengths="S", next_steps="N")
    refused = api(world.coach).patch(url, {"notes": "Again"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {"observation": [FEEDBACK_GIVEN_MESSAGE]}
    assert api(world.coach).get(url).json()["notes"] == "From the API"


# --- Defect 2: feedback tied to indicators; the next action follows what happened ---------


def test_tied_to_indicators_offers_the_focus_indicators_in_words_and_saves_them(client, world):
    cycle = observing_cycle(world)
    focus = list(cycle.focus_indicators.all())
    coach = signed_in(client, world.coach)
    page = get(coach, f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert inputs_named(page, "indicators") == len(focus), "one checkbox per focus indicator"
    assert indicator_text(focus[0]) in page
    response = post(
        coach,
        f"/coaching/cycles/{cycle.pk}/feedback/",
        {"strengths": "Clear launch", "next_steps": "Wait time", "indicators": [focus[1].pk]},
    )
    assert response.status_code == 302
    assert list(Feedback.objects.get(cycle=cycle).indicators.all()) == [focus[1]]
    shown = get(coach, f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert indicator_text(focus[1]) in shown


def test_the_next_action_follows_feedback_acknowledgement_and_the_stage(client, world):
    cycle = observing_cycle(world)
    coach = signed_in(client, world.coach)

    def heading():
        page = get(coach, f"/coaching/cycles/{cycle.pk}/").content.decode()
        return re.search(r'<h2 id="next-heading">(.*?)</h2>', page, re.S).group(1)

    assert "Record an observation" in heading()
    observation = observe(world, cycle)
    assert "Give feedback on your observation" in heading()
    feedback = feedback_give(
        actor=world.coach, cycle=cycle, observation=observation, strengths="S", next_steps="N"
    )
    assert heading() == "Observing — Next: Waiting for Tess to acknowledge your feedback and reflect"
    feedback_acknowledge(actor=world.teacher, feedback=feedback, reflection="I will wait longer.")
    assert "observe again, or move the cycle to reflecting" in heading()
    cycle_transition(actor=world.coach, cycle=cycle, to="feedback")
    cycle_transition(actor=world.coach, cycle=cycle, to="reflecting")
    assert heading() == "Reflecting — Next: Read the reflection, then close the cycle"


def test_the_coach_moves_the_stage_back_from_the_cycle_page(client, world):
    cycle = observing_cycle(world)
    cycle_transition(actor=world.coach, cycle=cycle, to="feedback")
    coach = signed_in(client, world.coach)
    page = get(coach, f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert "Move to reflecting" in page and "Back to observing" in page
    assert post(coach, f"/coaching/cycles/{cycle.pk}/transition/", {"to": "observing"}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == "observing"
    refused = post(coach, f"/coaching/cycles/{cycle.pk}/transition/", {"to": "closed"})
    assert refused.status_code == 400 and "can move only to feedback" in refused.content.decode()
    teacher_page = get(signed_in(client, world.teacher), f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert "Back to observing" not in teacher_page and "Move to feedback" not in teacher_page


# --- Defect 3: each stage change in words -----------------------------------------------


def test_the_timeline_says_each_stage_change_in_words(client, world):
    cycle = observing_cycle(world)
    cycle_transition(actor=world.coach, cycle=cycle, to="feedback")
    page = get(signed_in(client, world.teacher), f"/coaching/cycles/{cycle.pk}/").content.decode()
    cards = re.findall(r'<span class="stage-change">(.*?)</span>', page)
    day = district_today()
    on = f"{day:%b} {day.day}, {day.year}"
    assert cards == [
        f"Cycle started in Planning by Cora Coach, {on}",
        f"Moved from Planning to Observing by Cora Coach, {on}",
        f"Moved from Observing to Feedback by Cora Coach, {on}",
    ]


# --- Defect 4: code and readable text, everywhere ----------------------------------------


def test_indicators_show_code_and_text_on_the_cycle_form_and_evidence(client, world):
    cycle = observing_cycle(world)
    focus = list(cycle.focus_indicators.all())
    observation = observe(world, cycle, evidence=[{"indicator": focus[0].pk, "note": "seen"}])
    feedback_give(actor=world.coach, cycle=cycle, strengths="S", next_steps="N", indicator_ids=[focus[0].pk])
    coach = signed_in(client, world.coach)
    pages = {
        "cycle": get(coach, f"/coaching/cycles/{cycle.pk}/").content.decode(),
        "form": get(coach, f"/coaching/observe/?cycle={cycle.pk}").content.decode(),
        "evidence": get(coach, f"/coaching/observations/{observation.pk}/").content.decode(),
    }
    for name, page in pages.items():
        text = visible(page)
        assert indicator_text(focus[0]) in text, f"{name} shows the indicator in words"
        after_code = re.findall(re.escape(focus[0].code) + r"(.{3})", text)
        assert after_code and set(after_code) == {" — "}, f"{name} never shows the code bare"


def test_the_indicator_tag_cuts_long_text_and_keeps_it_whole_in_the_title():
    from django.template import Context, Template

    item = {"code": "EC.9.9.9", "statement": "Plans " + "carefully " * 20}
    html = Template("{% load indicators %}{% indicator item %}").render(Context({"item": item}))
    assert 'title="Plans carefully' in html and "EC.9.9.9</span> — Plans carefully" in html
    assert indicator_text({"code": "LC.1", "title": "Vision"}) == "LC.1 — Vision"


def test_the_observer_removes_a_file_until_feedback_is_given(world, api, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    cycle = observing_cycle(world)
    observation = observe(world, cycle)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    first = attachment_add(
        actor=world.coach, observation=observation, uploaded_file=SimpleUploadedFile("a.png", png)
    )
    second = attachment_add(
        actor=world.coach, observation=observation, uploaded_file=SimpleUploadedFile("b.png", png)
    )
    url = f"/api/v1/observations/{observation.pk}/attachments/"
    assert api(world.teacher).delete(f"{url}{first.pk}/").status_code == 403
    assert api(world.coach).delete(f"{url}{first.pk}/").status_code == 204
    assert [a.pk for a in observation.attachments.all()] == [second.pk]
    assert AuditEvent.objects.filter(action="attachment.removed", target_id=str(first.pk)).exists()
    feedback_give(actor=world.coach, cycle=cycle, observation=observation, strengths="S", next_steps="N")
    refused = api(world.coach).delete(f"{url}{second.pk}/")
    assert refused.status_code == 400 and "observation" in refused.json()["error"]["fields"]
    assert observation.attachments.count() == 1


def test_the_coachee_is_told_only_what_waits_on_them(client, world):
    cycle = observing_cycle(world)
    teacher = signed_in(client, world.teacher)
    assert 'id="next-heading"' not in get(teacher, f"/coaching/cycles/{cycle.pk}/").content.decode()
    feedback_give(actor=world.coach, cycle=cycle, strengths="S", next_steps="N")
    page = get(teacher, f"/coaching/cycles/{cycle.pk}/").content.decode()
    assert "Next: read the feedback, acknowledge it and reflect" in page
