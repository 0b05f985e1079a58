"""The pages before log-in, on a desktop screen and a phone's: the design system's script runs
without error (the fixtures fail the test on any console error), and on a phone the menu
button opens a menu that offers "Se connecter"."""

import re

import pytest
from playwright.sync_api import expect

PUBLIC_PAGES = ["/connexion/", "/mot-de-passe/oubli/", "/accessibilite/", "/mentions-legales/"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


def open_public_page(page, path, viewport):
    page.set_viewport_size(viewport)
    page.goto(path)
    # The header's script has run: it copies the header's tools into the mobile menu.
    expect(page.locator(".fr-header__menu-links a", has_text="Se connecter")).to_have_count(1)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_on_a_desktop_screen_shows_se_connecter_in_the_header(page, path):
    open_public_page(page, path, DESKTOP)

    tools = page.locator(".fr-header__tools-links")
    expect(tools.get_by_role("link", name="Se connecter")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_on_a_phone_has_a_menu_offering_se_connecter(page, path):
    open_public_page(page, path, PHONE)
    expect(page.locator(".fr-header__tools-links")).to_be_hidden()
    menu_button = page.get_by_role("button", name="Menu")
    expect(menu_button).to_be_visible()

    menu_button.click()

    log_in = page.locator("#fr-menu-mobile").get_by_role("link", name="Se connecter")
    expect(log_in).to_be_visible()
    log_in.click()
    expect(page).to_have_url(re.compile(r"/connexion/$"))
