"""Browser tests: headless Chromium against a live server on the hillcrest district's host.

pytest-django's `live_server` and `db` fixtures cannot be used here: their transactional
flush would empty the public schema's district registry. Instead one live server of our own
runs for the whole session, database access stays unblocked while a browser test runs, and
set-up data is committed in the hillcrest schema (reserved for these tests, dropped with the
test database at the end of the session). Every name, email and code is made unique per
test, so tests never depend on each other or on counts.
"""

import os

# Playwright's sync API runs an event loop in the test thread; the ORM set-up code in that
# thread is still synchronous, so Django's async-safety guard must stand aside.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import contextlib
import datetime
import re
import time
import uuid

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test import Client
from django.test.testcases import LiveServerThread
from django_tenants.utils import tenant_context
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support import existing_district

PASSWORD = "correct-horse-battery"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS_DIR = os.environ.get("SHOTS_DIR", "/tmp/lodestar-shots")  # one folder per copy running tests
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """Browser tests run last. Once Playwright has started, the test thread has a running
    event loop for the rest of the session, and Django then keeps that thread's database
    connections apart from the ones it made before; ordinary tests should not run so."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))


@pytest.fixture(scope="session", autouse=True)
def _close_connections_opened_under_playwright(playwright):
    """Close, before Playwright stops, the connections this thread opened while its event
    loop ran: afterwards Django no longer sees them, and an open one would keep the test
    database from being dropped."""
    yield
    connections.close_all()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the system Chromium: `playwright install` cannot download browsers here."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if os.path.exists(executable):
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def hillcrest(django_db_setup, django_db_blocker):
    return existing_district("hillcrest", django_db_blocker)


@pytest.fixture(scope="session")
def live_server(hillcrest, django_db_blocker):
    """One threaded live server for the session; yields hillcrest's URL on it (Chromium
    resolves every *.localhost name to the loopback address).

    It keeps pytest-django's fixture name on purpose: pytest-django creates the test
    database only when some selected test uses `db`, `transactional_db`, `live_server` or
    the `django_db` mark, and the name is how `pytest tests/browser` alone gets one. The
    helper that would make such tests transactional is switched off below.
    """
    with django_db_blocker.unblock():
        host = hillcrest.get_primary_domain().domain
    # Static files come from the finders (the app folders), as under `runserver`: the test
    # settings have no STATIC_ROOT and nothing is collected before tests.
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override=None, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://{host}:{thread.port}"
    thread.terminate()


@pytest.fixture(autouse=True)
def _live_server_helper():
    """Replaces pytest-django's helper, which would wrap every test using `live_server` in
    a transactional test case whose flush empties the district registry."""
    yield


@pytest.fixture(scope="session")
def base_url(live_server):
    """pytest-playwright gives every context this base URL, so `page.goto("/schools/")` works."""
    return live_server


# Every page a browser test opens reports what the Content-Security-Policy refused; one
# refusal fails the test (docs/security/content-security-policy.md). The listener is an init
# script, so it is in place before any of the page's own code runs, in every frame.
# Screenshots pass caret="initial": Playwright's default hides the caret by leaving style=""
# on inputs, which htmx then copies onto swapped-in fields, a refusal of the test's making.
CSP_WATCH = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__lodestarCspViolation({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    element: event.target instanceof Element ? event.target.outerHTML.slice(0, 160) : "",
  });
});
"""


@pytest.fixture(scope="session")
def csp_violations() -> list[dict]:
    return []


@pytest.fixture(scope="session", autouse=True)
def _contexts_report_csp_violations(browser, csp_violations):
    """Every context the tests make (pytest-playwright's `context` and the tests' own
    `browser.new_context()`) carries the watch."""
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.expose_binding(
            "__lodestarCspViolation",
            lambda source, found: csp_violations.append({"page": source["frame"].url, **found}),
        )
        context.add_init_script(CSP_WATCH)
        return context

    browser.new_context = watched_context
    yield
    browser.new_context = new_context


@pytest.fixture(autouse=True)
def _no_csp_violation(browser, context, csp_violations):
    """Fails the test if any page it opened broke the Content-Security-Policy. It asks for
    `context` so that it is torn down first, while the pages are still open."""
    csp_violations.clear()
    yield
    # A round trip to each open page delivers any report still on its way.
    for open_context in browser.contexts:
        for open_page in open_context.pages:
            with contextlib.suppress(PlaywrightError):  # a page closing has nothing more to report
                open_page.evaluate("0")
    if csp_violations:
        pytest.fail(f"the Content-Security-Policy refused: {csp_violations}")


@pytest.fixture(autouse=True)
def _short_timeouts(context):
    """Pages here answer in milliseconds; a missing element should fail fast, not in 30 s."""
    context.set_default_timeout(5_000)
    expect.set_options(timeout=5_000)


@pytest.fixture(autouse=True)
def _database_unblocked(django_db_blocker):
    """The live server's request threads and the tests' committed set-up both need the
    database; pytest-django's guard is process-wide, so lift it for each browser test."""
    with django_db_blocker.unblock():
        yield


def wait_until(page, expression: str, timeout_ms: int = 5_000) -> None:
    """Waits until `expression` (a JavaScript expression, or a function of no arguments) is
    truthy in the page. Playwright's wait_for_function evaluates its string with eval inside
    the page, which the Content-Security-Policy rightly refuses; page.evaluate is not."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_ms} ms: {expression}")
        page.wait_for_timeout(25)


def htmx_settled(page) -> None:
    """Waits until HTMX has bound and settled the page or what it last swapped in, so that
    its buttons and forms work. A visible or focused element is not that sign: the page can
    show before HTMX has started (its script is deferred), and the browser itself focuses the
    first `autofocus` field swapped into a page before HTMX binds the form around it (HTMX does
    that when it settles, 20 ms later). A Save clicked in between submits the form natively, a
    GET of the page with the fields and the CSRF token in its URL, and an Edit or Cancel
    button does nothing."""
    wait_until(
        page,
        "document.readyState !== 'loading' && !!window.htmx"
        " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-added, .htmx-settling')",
    )


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]}"


def unique_email(prefix: str = "person") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}@hillcrest.example.org"


def unique_code() -> str:
    return f"B{uuid.uuid4().hex[:7].upper()}"


class Hillcrest:
    """Committed set-up data in the hillcrest district, through the real services."""

    def __init__(self, district, base_url):
        self.district = district
        self.base_url = base_url

    def school(self, *, name=None, code=None, grade_band="elementary"):
        from schools.services import school_create

        with tenant_context(self.district):
            return school_create(
                actor=None,
                name=name or unique("Browser School"),
                code=code or unique_code(),
                grade_band=grade_band,
            )

    def person(self, role=None, *, school=None, first_name="Pat", last_name=None, position="", **fields):
        """A person who can sign in with PASSWORD, holding `role` (at `school`, made if
        needed for school roles), or no role at all."""
        from accounts.services import user_create
        from core.roles import SCHOOL_ROLES
        from schools.services import membership_create

        if role in SCHOOL_ROLES and school is None:
            school = self.school()
        with tenant_context(self.district):
            user = user_create(
                actor=None,
                email=fields.pop("email", None) or unique_email(),
                first_name=first_name,
                last_name=last_name or unique("Tester").replace(" ", ""),
                password=PASSWORD,
                **fields,
            )
            if role is not None:
                membership_create(
                    actor=None,
                    user=user,
                    role=role,
                    school=school if role in SCHOOL_ROLES else None,
                    position=position,
                    start_date=datetime.date(2024, 8, 1),
                )
            return user

    def admin(self, **fields):
        return self.person("district_admin", first_name=fields.pop("first_name", "Ada"), **fields)

    def supervise(self, supervisor, supervisee):
        from schools.services import supervision_create

        with tenant_context(self.district):
            return supervision_create(actor=None, supervisor=supervisor, supervisee=supervisee)

    def deactivate(self, user):
        from schools.services import user_deactivate

        with tenant_context(self.district):
            return user_deactivate(actor=None, user=user)

    def session_cookie(self, user) -> dict:
        """A signed-in session for `user`, as a cookie for the browser: tests that are not
        about signing in skip the form."""
        with tenant_context(self.district):
            client = Client()
            client.force_login(user)
        return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": self.base_url}


@pytest.fixture
def district(hillcrest, live_server):
    return Hillcrest(hillcrest, live_server)


@pytest.fixture
def sign_in_as(context, district):
    """`sign_in_as(user)` signs the browser context in as `user` (without the form)."""

    def sign_in(user):
        context.add_cookies([district.session_cookie(user)])

    return sign_in


@pytest.fixture
def admin(district):
    return district.admin()


@pytest.fixture
def admin_page(page, admin, sign_in_as):
    """A page signed in as a district administrator of its own."""
    sign_in_as(admin)
    return page


def sign_in_with_form(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def mark_document(page) -> None:
    """Tag the current document; `document_was_kept(page)` then tells whether an update
    happened in place (HTMX) rather than by loading a new page."""
    page.evaluate("window.__lodestarSameDocument = true")


def document_was_kept(page) -> bool:
    return page.evaluate("window.__lodestarSameDocument === true")


def path_is(path: str) -> re.Pattern:
    """A URL pattern for `expect(page).to_have_url(...)` matching the path exactly
    (any query string allowed)."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}(\?.*)?$")


def has_no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fits_across(locator, viewport: dict) -> bool:
    """The element lies wholly across the viewport's width, not scrolled out of sight sideways
    (inside a scrolling table, say); it may be below the fold."""
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]


def menu_link(page, group: str, name: str):
    """The main menu's link `name` in its drop-down `group` ("My growth", "Admin", ...),
    the group opened first as a person would (on a phone, after the Menu button)."""
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") == "false":
        menu.click()
    nav.locator("summary", has_text=group).click()
    return nav.get_by_role("link", name=name, exact=True)
