"""The framework editor pages (district administrators), on riverside's host."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.frameworks import forms as editor_forms
from assessments.frameworks import services
from assessments.models import AdoptionStatus, Framework, Item, ItemKind, Level
from assessments.self_assessment.services import self_assessment_save, self_assessment_start
from core.roles import Role
from tests.factories import person
from tests.support import get, post

pytestmark = pytest.mark.django_db

B21 = "Building 21 Leadership Competencies"
CCSSO = "CCSSO/JFF Leadership Competencies for Learner-Centered, Personalized Education"
GOLDEN = Path(__file__).parents[1] / "case" / "golden" / "deep_case_1_1.json"


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


@pytest.fixture
def as_admin(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def b21():
    return Framework.objects.get(title=B21)


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def edit_url(fw) -> str:
    return f"/frameworks/{fw.pk}/edit/"


def golden_package() -> dict:
    return json.loads(GOLDEN.read_text())


def upload(package: dict, name="package.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(package).encode(), content_type="application/json")


def details(fw, **changes) -> dict:
    data = {
        "title": fw.title,
        "version": fw.version,
        "audience": fw.audience,
        "source": fw.source,
        "description": fw.description,
    }
    return {**data, **changes}


# --- Import ---------------------------------------------------------------------------


def test_admin_imports_a_case_file(as_admin):
    package = golden_package()
    title = package["CFDocument"]["title"]

    page = get(as_admin, "/frameworks/import/")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()

    response = post(as_admin, "/frameworks/import/", {"file": upload(package), "audience": "leaders"})

    framework = Framework.objects.get(identifier=package["CFDocument"]["identifier"])
    assert framework.title == title and framework.audience == "leaders"
    assert response.status_code == 302 and response["Location"] == edit_url(framework)
    assert Item.objects.filter(framework=framework).count() == len(package["CFItems"])
    followed = get(as_admin, response["Location"])
    assert f"Imported {title}:" in text_of(followed)
    assert "indicators" in text_of(followed)


def test_pasted_json_imports_too(as_admin):
    package = golden_package()

    response = post(as_admin, "/frameworks/import/", {"text": json.dumps(package)})

    assert response.status_code == 302
    assert Framework.objects.filter(identifier=package["CFDocument"]["identifier"]).exists()


def test_a_malformed_package_names_its_errors_and_creates_nothing(as_admin):
    package = golden_package()
    del package["CFItems"][12]["fullStatement"]
    before = Framework.objects.count()

    response = post(as_admin, "/frameworks/import/", {"file": upload(package)})

    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'class="case-errors" role="alert"', body)
    assert "CFItems[12].fullStatement: required" in text_of(response)
    assert "Nothing was imported" in text_of(response)
    assert Framework.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a CASE JSON file, paste the package or give its address."),
        (
            {"text": "{}", "url": "https://example.org/case.json"},
            "Choose a file, paste JSON or give its address: one of the three.",
        ),
        ({"url": "not an address"}, "Enter a valid URL."),
        ({"text": "{not json"}, "This is not valid JSON (line 1, column 2)."),
        ({"text": "[1, 2]"}, "A CASE package is a JSON object with a CFDocument."),
    ],
)
def test_import_form_errors_show_next_to_the_fields(as_admin, data, message):
    before = Framework.objects.count()

    response = post(as_admin, "/frameworks/import/", data)

    assert response.status_code == 200
    assert message in text_of(response)
    assert 'role="alert"' in response.content.decode()
    assert Framework.objects.count() == before


def test_an_oversized_upload_is_refused_with_a_clear_error(as_admin, monkeypatch):
    monkeypatch.setattr(editor_forms, "MAX_UPLOAD_BYTES", 1024)

    response = post(as_admin, "/frameworks/import/", {"file": upload(golden_package())})

    assert response.status_code == 200
    assert re.search(r"The file is [\d.]+ MB; the largest package accepted is 0\.0 MB\.", text_of(response))
    assert not Framework.objects.filter(identifier=golden_package()["CFDocument"]["identifier"]).exists()


# --- Edit page ------------------------------------------------------------------------


def test_edit_page_shows_details_status_scale_and_items(as_admin, b21):
    response = get(as_admin, edit_url(b21))

    assert response.status_code == 200
    body = response.content.decode()
    page = text_of(response)
    assert f"Edit {B21}" in page
    assert 'value="Building 21 Leadership Competencies"' in body
    for label in ("Deprecate", "Back to draft", "Copy into a district version", "Save scale"):
        assert label in page
    assert ">Adopt<" not in body, "it is adopted already"
    indicator = Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR, code="LC.1.1").get()
    assert f'hx-get="/frameworks/items/{indicator.pk}/edit/"' in body
    assert 'aria-label="Edit LC.1.1"' in body and 'aria-label="Edit LC.1"' in body
    assert body.count('class="editor-item"') == Item.objects.filter(framework=b21, is_retired=False).count()


def test_admin_edits_the_title(as_admin, b21):
    response = post(as_admin, edit_url(b21), details(b21, title="Riverside Leadership Competencies"))

    assert response.status_code == 302 and response["Location"] == edit_url(b21)
    b21.refresh_from_db()
    assert b21.title == "Riverside Leadership Competencies" and b21.version == "2026.1"
    assert "Saved Riverside Leadership Competencies." in text_of(get(as_admin, edit_url(b21)))


def test_a_blank_title_shows_the_error_next_to_the_field(as_admin, b21):
    response = post(as_admin, edit_url(b21), details(b21, title=""))

    assert response.status_code == 200
    assert re.search(
        r'<ul class="errorlist" id="id_title_error" role="alert"><li>', response.content.decode()
    )
    b21.refresh_from_db()
    assert b21.title == B21


def test_admin_deprecates_and_adopts_again(as_admin, b21):
    response = post(as_admin, f"/frameworks/{b21.pk}/status/", {"status": "deprecated"})

    assert response.status_code == 302
    b21.refresh_from_db()
    assert b21.adoption_status == AdoptionStatus.DEPRECATED
    page = text_of(get(as_admin, edit_url(b21)))
    assert f"{B21} is now deprecated." in page and "Adopt" in page

    post(as_admin, f"/frameworks/{b21.pk}/status/", {"status": "adopted"})
    b21.refresh_from_db()
    assert b21.adoption_status == AdoptionStatus.ADOPTED


def test_an_unknown_status_is_refused(as_admin, b21):
    response = post(as_admin, f"/frameworks/{b21.pk}/status/", {"status": "burnt"})
    b21.refresh_from_db()
    assert response.status_code == 302 and b21.adoption_status == AdoptionStatus.ADOPTED
    assert "Choose one of" in text_of(get(as_admin, edit_url(b21)))


def test_copy_makes_a_district_version_and_opens_its_edit_page(as_admin, b21):
    response = post(as_admin, f"/frameworks/{b21.pk}/copy/", {"title": "Riverside Leaders"})

    copy = Framework.objects.get(title="Riverside Leaders")
    assert copy.origin == b21 and copy.adoption_status == AdoptionStatus.DRAFT
    assert response.status_code == 302 and response["Location"] == edit_url(copy)
    page = text_of(get(as_admin, response["Location"]))
    assert "Copied Building 21 Leadership Competencies into Riverside Leaders" in page
    assert "A district version of the original framework" in page

    untitled = post(as_admin, f"/frameworks/{b21.pk}/copy/")
    assert Framework.objects.get(pk=untitled["Location"].split("/")[2]).title == f"{B21} (district version)"


def test_copy_is_post_only(as_admin, b21):
    assert get(as_admin, f"/frameworks/{b21.pk}/copy/").status_code == 405


def scale(*rows, extra=("", "", False)) -> dict:
    """The level formset's POST data: (name, value, proficient) rows, then the empty one."""
    rows = [*rows, extra]
    data = {
        "levels-TOTAL_FORMS": str(len(rows)),
        "levels-INITIAL_FORMS": str(len(rows) - 1),
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    for i, (name, value, proficient) in enumerate(rows):
        data[f"levels-{i}-name"] = name
        data[f"levels-{i}-value"] = value
        if proficient:
            data[f"levels-{i}-is_proficient"] = "on"
    return data


def test_scale_edit_on_a_fresh_copy(as_admin, admin, b21):
    copy = services.framework_copy(actor=admin, framework=b21, title="Scale Copy")

    response = post(
        as_admin, f"/frameworks/{copy.pk}/levels/", scale(("Not yet", "1", False), ("Secure", "2", True))
    )

    assert response.status_code == 302
    assert list(copy.levels.values_list("name", "is_proficient")) == [("Not yet", False), ("Secure", True)]
    assert "Saved the level scale: Not yet, Secure." in text_of(get(as_admin, edit_url(copy)))


def test_a_new_row_adds_a_level_and_remove_drops_one(as_admin, admin, b21):
    copy = services.framework_copy(actor=admin, framework=b21, title="Scale Copy")
    data = scale(
        ("Emerging", "1", False),
        ("Developing", "2", False),
        ("Proficient", "3", True),
        ("Advanced", "4", True),
        extra=("Expert", "5", True),
    )
    data["levels-0-DELETE"] = "on"

    assert post(as_admin, f"/frameworks/{copy.pk}/levels/", data).status_code == 302

    assert list(copy.levels.values_list("name", flat=True)) == [
        "Developing",
        "Proficient",
        "Advanced",
        "Expert",
    ]


def test_a_falling_scale_shows_the_services_message(as_admin, admin, b21):
    copy = services.framework_copy(actor=admin, framework=b21, title="Scale Copy")

    response = post(as_admin, f"/frameworks/{copy.pk}/levels/", scale(("A", "2", False), ("B", "1", False)))

    assert response.status_code == 200
    assert "Values must rise from the first level to the last." in text_of(response)
    assert list(copy.levels.values_list("name", flat=True)) == [
        "Emerging",
        "Developing",
        "Proficient",
        "Advanced",
    ]


def test_scale_is_refused_once_someone_has_rated(as_admin, b21):
    leader = person(Role.SCHOOL_LEADER)
    round_ = self_assessment_start(actor=leader, framework=b21)
    indicator = Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR).first()
    level = Level.objects.filter(framework=b21).first()
    self_assessment_save(
        actor=leader, self_assessment=round_, ratings=[{"indicator": indicator.pk, "level": level.pk}]
    )

    page = get(as_admin, edit_url(b21))
    assert "Save scale" not in text_of(page) and "shown read only" in text_of(page)

    response = post(as_admin, f"/frameworks/{b21.pk}/levels/", scale(("A", "1", False), ("B", "2", True)))

    assert response.status_code == 200
    refused = text_of(response)
    assert "The level scale cannot change: people have already rated themselves against it." in refused
    assert "Save scale" not in refused
    assert list(b21.levels.values_list("name", flat=True)) == [
        "Emerging",
        "Developing",
        "Proficient",
        "Advanced",
    ]


# --- Items in place -------------------------------------------------------------------


def test_item_edits_in_place(as_admin, b21):
    indicator = Item.objects.get(framework=b21, code="LC.1.1")
    url = f"/frameworks/items/{indicator.pk}/edit/"

    form = get(as_admin, url, HX_Request="true")
    body = form.content.decode()
    assert form.status_code == 200 and "<html" not in body
    assert f'id="item-{indicator.pk}-row"' in body and f'hx-post="{url}"' in body
    assert f'<label for="item-{indicator.pk}-statement">Statement' in body

    saved = post(
        as_admin,
        url,
        {"code": "LC.1.1", "title": indicator.title, "statement": "Our words.", "description": ""},
        HX_Request="true",
    )

    body = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in body and "<form" not in body
    assert f'id="item-{indicator.pk}-row"' in body and "Our words." in body and "Saved." in body
    indicator.refresh_from_db()
    assert indicator.statement == "Our words."

    cancel = get(as_admin, f"/frameworks/items/{indicator.pk}/", HX_Request="true")
    assert "Our words." in cancel.content.decode() and "<form" not in cancel.content.decode()


def test_a_competency_row_keeps_its_heading(as_admin, b21):
    competency = Item.objects.get(framework=b21, code="LC.2")

    saved = post(
        as_admin,
        f"/frameworks/items/{competency.pk}/edit/",
        {"code": "LC.2", "title": "", "statement": "Growing together", "description": "Notes."},
        HX_Request="true",
    )

    assert re.search(
        r'<h3 id="item-\d+"><span class="code">LC.2</span> Growing together</h3>', saved.content.decode()
    )


def test_a_blank_statement_shows_the_error_inline(as_admin, b21):
    indicator = Item.objects.get(framework=b21, code="LC.1.1")
    before = indicator.statement

    response = post(
        as_admin,
        f"/frameworks/items/{indicator.pk}/edit/",
        {"code": "LC.1.1", "title": "", "statement": "   ", "description": ""},
        HX_Request="true",
    )

    body = response.content.decode()
    assert response.status_code == 200 and "<form" in body
    assert re.search(
        rf'id="item-{indicator.pk}-statement_error" role="alert"><li>A statement is required.</li>', body
    )
    indicator.refresh_from_db()
    assert indicator.statement == before


# --- A new framework, built in place ----------------------------------------------------


@pytest.fixture
def blank(admin):
    return services.framework_create(actor=admin, title="Riverside Coaching", audience="educators")


def add(client, fw, kind, parent=None, **fields):
    data = {"kind": kind, "parent": parent.pk if parent else "", "statement": f"A {kind}.", **fields}
    return post(client, f"/frameworks/{fw.pk}/items/new/", data, HX_Request="true")


def test_admin_creates_a_framework(as_admin):
    page = get(as_admin, "/frameworks/new/")
    assert page.status_code == 200
    for label in ("Title", "Audience", "Version", "Description"):
        assert f">{label}" in page.content.decode()

    response = post(
        as_admin,
        "/frameworks/new/",
        {"title": "Riverside Teaching", "audience": "educators", "version": "1", "description": "Ours."},
    )

    framework = Framework.objects.get(title="Riverside Teaching")
    assert (framework.audience, framework.version, framework.description) == ("educators", "1", "Ours.")
    assert framework.adoption_status == AdoptionStatus.DRAFT and framework.levels.count() == 4
    assert response.status_code == 302 and response["Location"] == edit_url(framework)
    page = text_of(get(as_admin, response["Location"]))
    assert (
        "Created Riverside Teaching, a draft." in page and "This framework has no competencies yet." in page
    )


def test_a_new_framework_needs_a_title(as_admin):
    before = Framework.objects.count()

    response = post(as_admin, "/frameworks/new/", {"title": "", "audience": "leaders"})

    assert response.status_code == 200
    assert re.search(
        r'id="id_title_error" role="alert"><li>This field is required.', response.content.decode()
    )
    assert Framework.objects.count() == before


def test_the_new_framework_button_shows_only_for_administrators(client, as_admin):
    assert 'href="/frameworks/new/"' in get(as_admin, "/frameworks/").content.decode()
    client.force_login(person(Role.TEACHER))
    assert "/frameworks/new/" not in get(client, "/frameworks/").content.decode()


def test_the_add_form_is_revealed_and_closed_again(as_admin, admin, blank):
    url = f"/frameworks/{blank.pk}/items/new/?kind=domain&parent="

    form = get(as_admin, url, HX_Request="true").content.decode()
    assert "<html" not in form and 'id="add-domain-top"' in form and 'aria-label="Add a domain"' in form
    assert '<label for="add-domain-top-statement">Statement' in form
    assert '<label for="add-domain-top-title">Short title' in form

    closed = get(as_admin, url + "&closed=1", HX_Request="true").content.decode()
    assert 'id="add-domain-top"' in closed and "<form" not in closed and "Add a domain" in closed

    competency = services.item_create(
        actor=admin,
        framework=blank,
        kind="competency",
        statement="C",
    )
    indicator_form = get(
        as_admin,
        f"/frameworks/{blank.pk}/items/new/?kind=indicator&parent={competency.pk}",
        HX_Request="true",
    ).content.decode()
    assert "Short title" not in indicator_form, "indicators have no short title"
    assert f'aria-label="Add an indicator to {competency.statement}"' in indicator_form


def test_admin_adds_a_domain_a_competency_and_an_indicator(as_admin, blank):
    response = add(as_admin, blank, "domain", code="D1", title="Teaching", statement="Teaching well")

    body = response.content.decode()
    domain = Item.objects.get(framework=blank, code="D1")
    assert (domain.kind, domain.parent, domain.depth, domain.title) == ("domain", None, 1, "Teaching")
    assert response.status_code == 200 and "<html" not in body
    assert response["HX-Retarget"] == "#outline" and response["HX-Reswap"] == "outerHTML"
    assert 'id="outline"' in body and "Added D1." in text_of(response)
    assert f'<h3 id="item-{domain.pk}"><span class="code">D1</span> Teaching well</h3>' in body
    assert 'aria-label="Add a competency to D1"' in body

    response = add(as_admin, blank, "competency", domain, code="D1.1", statement="Plans lessons")
    competency = Item.objects.get(framework=blank, code="D1.1")
    assert (competency.kind, competency.parent, competency.depth) == ("competency", domain, 2)
    assert f'<h4 id="item-{competency.pk}"><span class="code">D1.1</span> Plans lessons</h4>' in (
        response.content.decode()
    )
    assert 'aria-label="Add an indicator to D1.1"' in response.content.decode()

    response = add(as_admin, blank, "indicator", competency, code="D1.1.a", statement="Sets clear goals")
    indicator = Item.objects.get(framework=blank, code="D1.1.a")
    assert (indicator.kind, indicator.parent, indicator.depth) == ("indicator", competency, 3)
    body = response.content.decode()
    assert "Sets clear goals" in body and f'id="item-{indicator.pk}-descriptors"' in body
    assert "Emerging" in text_of(response) and "Not written yet." in text_of(response)
    assert indicator.criteria.get().descriptors.count() == 4


def test_a_wrong_nesting_shows_the_error(as_admin, blank, admin):
    domain = services.item_create(actor=admin, framework=blank, kind="domain", statement="D")

    response = add(as_admin, blank, "indicator", domain, code="X")

    body = response.content.decode()
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert f'id="add-indicator-{domain.pk}"' in body and "<form" in body
    assert re.search(r'<ul class="errorlist" role="alert"><li>An indicator cannot go under a domain.', body)
    assert not Item.objects.filter(framework=blank, kind="indicator").exists()


def test_a_blank_statement_on_a_new_item_shows_next_to_the_field(as_admin, blank):
    response = add(as_admin, blank, "competency", statement="  ")

    body = response.content.decode()
    assert re.search(
        r'id="add-competency-top-statement_error" role="alert"><li>A statement is required.', body
    )
    assert not Item.objects.filter(framework=blank).exists()


def test_retiring_a_competency_retires_its_indicators(as_admin, admin, blank):
    competency = services.item_create(
        actor=admin, framework=blank, kind="competency", code="C1", statement="Listens"
    )
    indicators = [
        services.item_create(actor=admin, framework=blank, kind="indicator", parent=competency, statement=s)
        for s in ("Asks", "Waits")
    ]
    services.item_create(actor=admin, framework=blank, kind="competency", code="C2", statement="Speaks")
    page = get(as_admin, edit_url(blank)).content.decode()
    assert 'hx-confirm="Retire C1 and everything under it? Ratings are kept."' in page

    response = post(as_admin, f"/frameworks/items/{competency.pk}/retire/", HX_Request="true")

    assert response.status_code == 200 and response["HX-Retarget"] == "#outline"
    assert "Retired C1 and everything under it." in text_of(response)
    assert "Listens" not in text_of(response) and "Asks" not in text_of(response)
    assert "Speaks" in text_of(response)
    for item in [competency, *indicators]:
        item.refresh_from_db()
        assert item.is_retired
    assert get(as_admin, f"/frameworks/items/{competency.pk}/retire/").status_code == 405


def test_writing_descriptors_shows_them(as_admin, admin, blank):
    competency = services.item_create(actor=admin, framework=blank, kind="competency", statement="C")
    indicator = services.item_create(
        actor=admin, framework=blank, kind="indicator", parent=competency, code="C.a", statement="Asks"
    )
    levels = list(blank.levels.order_by("position"))
    url = f"/frameworks/items/{indicator.pk}/descriptors/edit/"
    services.descriptors_update(actor=admin, indicator=indicator, texts={levels[0].pk: "Rarely asks."})

    form = get(as_admin, url, HX_Request="true").content.decode()
    assert "<html" not in form and f'hx-post="{url}"' in form
    assert f'<label for="item-{indicator.pk}-descriptor-level_{levels[0].pk}">Emerging' in form
    assert "Rarely asks.</textarea>" in form
    assert form.count("<textarea") == 4

    texts = {f"level_{level.pk}": f"At {level.name.lower()}." for level in levels}
    response = post(as_admin, url, texts, HX_Request="true")

    body = response.content.decode()
    assert response.status_code == 200 and "<form" not in body
    assert f'id="item-{indicator.pk}-descriptors"' in body and "Descriptors saved." in body
    for level in levels:
        assert f"At {level.name.lower()}." in body
    stored = dict(indicator.criteria.get().descriptors.values_list("level__name", "text"))
    assert stored == {level.name: f"At {level.name.lower()}." for level in levels}
    assert "At advanced." in text_of(get(as_admin, edit_url(blank)))

    cancel = get(as_admin, f"/frameworks/items/{indicator.pk}/descriptors/", HX_Request="true")
    assert "At emerging." in cancel.content.decode() and "<form" not in cancel.content.decode()


def test_only_indicators_have_descriptors(as_admin, admin, blank):
    competency = services.item_create(actor=admin, framework=blank, kind="competency", statement="C")
    assert get(as_admin, f"/frameworks/items/{competency.pk}/descriptors/edit/").status_code == 404


# --- Who may ---------------------------------------------------------------------------


def test_a_teacher_is_refused_every_editor_page(client, b21):
    client.force_login(person(Role.TEACHER))
    item = Item.objects.filter(framework=b21).first()
    indicator = Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR).first()
    before = Item.objects.filter(framework=b21, is_retired=False).count()
    pages = [
        ("get", "/frameworks/import/"),
        ("post", "/frameworks/import/"),
        ("get", edit_url(b21)),
        ("post", edit_url(b21)),
        ("post", f"/frameworks/{b21.pk}/status/"),
        ("post", f"/frameworks/{b21.pk}/copy/"),
        ("post", f"/frameworks/{b21.pk}/levels/"),
        ("get", f"/frameworks/items/{item.pk}/"),
        ("get", f"/frameworks/items/{item.pk}/edit/"),
        ("post", f"/frameworks/items/{item.pk}/edit/"),
        ("get", "/frameworks/new/"),
        ("post", "/frameworks/new/"),
        ("get", f"/frameworks/{b21.pk}/items/new/?kind=domain"),
        ("post", f"/frameworks/{b21.pk}/items/new/"),
        ("post", f"/frameworks/items/{item.pk}/retire/"),
        ("get", f"/frameworks/items/{indicator.pk}/descriptors/"),
        ("get", f"/frameworks/items/{indicator.pk}/descriptors/edit/"),
        ("post", f"/frameworks/items/{indicator.pk}/descriptors/edit/"),
    ]
    for method, path in pages:
        response = get(client, path) if method == "get" else post(client, path, {"status": "deprecated"})
        assert response.status_code == 403, (method, path)
        assert "You cannot open this page" in text_of(response)
    b21.refresh_from_db()
    assert b21.adoption_status == AdoptionStatus.ADOPTED and not Framework.objects.filter(origin=b21).exists()
    assert Item.objects.filter(framework=b21, is_retired=False).count() == before


def test_the_editor_links_show_only_for_administrators(client, as_admin, b21):
    detail = get(as_admin, f"/frameworks/{b21.pk}/").content.decode()
    assert f'href="{edit_url(b21)}"' in detail and f'action="/frameworks/{b21.pk}/copy/"' in detail
    assert 'href="/frameworks/import/"' in get(as_admin, "/frameworks/").content.decode()

    client.force_login(person(Role.TEACHER))
    detail = get(client, f"/frameworks/{b21.pk}/").content.decode()
    assert edit_url(b21) not in detail and "/copy/" not in detail
    assert "/frameworks/import/" not in get(client, "/frameworks/").content.decode()


def test_missing_framework_or_item_is_404(as_admin):
    assert get(as_admin, "/frameworks/999999/edit/").status_code == 404
    assert get(as_admin, "/frameworks/items/999999/edit/").status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, b21):
    response = get(client, edit_url(b21))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- Efficiency ------------------------------------------------------------------------


def edit_page_queries(client, fw) -> int:
    get(client, edit_url(fw))  # warm up
    with CaptureQueriesContext(connection) as queries:
        response = get(client, edit_url(fw))
    assert response.status_code == 200
    return len(queries)


def test_edit_page_takes_a_fixed_number_of_queries(as_admin, b21):
    large = Framework.objects.get(title=CCSSO)
    assert Item.objects.filter(framework=large).count() > Item.objects.filter(framework=b21).count()

    small_count = edit_page_queries(as_admin, b21)
    assert small_count == edit_page_queries(as_admin, large)
    # Tenant middleware 3, session, user, roles, the framework, the outline's 5, whether
    # anyone has rated (self-assessments, then perception answers), and the navigation's
    # unread notifications.
    assert small_count == 15
