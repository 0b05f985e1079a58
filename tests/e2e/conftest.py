"""Browser journeys in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Every page a journey visits is checked with axe: no violation is accepted. Every page the
`page` and `login_as` fixtures open is watched: a console error or an uncaught script error
fails the test at teardown. Screenshots go to artifacts/ (git-ignored).
"""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def console_errors():
    """The console errors and uncaught script errors of the pages the test opened, each as
    "address: message"; any of them fails the test once its browser contexts are closed."""
    errors = []
    yield errors
    if errors:
        pytest.fail("Errors in the browser's console:\n" + "\n".join(errors), pytrace=False)


def watched_context(browser, live_server, errors):
    """A browser context whose every page (popups included) reports its console errors and
    uncaught script errors into `errors`."""

    def watch(page):
        def console(message):
            if message.type == "error":
                errors.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    )
    context.on("page", watch)
    return context


@pytest.fixture
def page(browser, live_server, console_errors):
    context = watched_context(browser, live_server, console_errors)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


class Journey:
    """Takes a screenshot and runs axe at each step of a journey."""

    def __init__(self, page, name):
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.axe = Axe()
        self.step = 0

    def check(self, label, page=None):
        page = page or self.page
        self.step += 1
        # caret="initial": Playwright's default hides the caret with a style attribute on every
        # input, which the design system's script may copy into the mobile menu, where the
        # Content-Security-Policy blocks it (a console error no user would see).
        page.screenshot(
            path=self.folder / f"{self.step:02d}-{label}.png", full_page=True, caret="initial"
        )
        results = self.axe.run(page)
        assert results.violations_count == 0, f"{label}: {results.generate_report()}"


@pytest.fixture
def journey(page, request):
    return Journey(page, request.node.name)


@pytest.fixture
def login_as(browser, live_server, console_errors):
    """A new browser session logged in as `user` (each actor has their own)."""
    from tests.factories import DEFAULT_PASSWORD

    contexts = []

    def login(user):
        context = watched_context(browser, live_server, console_errors)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/connexion/")
        page.get_by_label("Adresse électronique").fill(user.email)
        page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_role("heading", name=f"Bonjour {user.get_short_name()}").wait_for()
        return page

    yield login
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """The plugin's live server, stopped before the test database is dropped (its threads
    hold connections to it)."""
    return live_server
