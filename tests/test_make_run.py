"""`make run` serves on PORT and the links in e-mails follow it (SITE_URL)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make_run_commands(*args, env=None):
    """The commands `make run` would run (`make -n` prints them without running any)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL"}}
    environment.update(env or {})
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "manage.py" in line]


def _site_url_of(command):
    [value] = [word for word in command.split() if word.startswith("SITE_URL=")]
    return value.removeprefix("SITE_URL=")


@pytest.mark.parametrize(
    ("args", "env"),
    [((), {"PORT": "8801"}), (("PORT=8801",), {})],
    ids=["environment", "command-line"],
)
def test_make_run_links_follow_the_port(args, env):
    commands = _make_run_commands(*args, env=env)

    [server] = [c for c in commands if "runserver" in c]
    assert server.endswith("runserver 127.0.0.1:8801")
    assert {_site_url_of(c) for c in commands} == {"http://127.0.0.1:8801"}


def test_make_run_default_port_links_to_8000():
    commands = _make_run_commands()

    assert {_site_url_of(c) for c in commands} == {"http://127.0.0.1:8000"}


def test_make_run_keeps_the_site_url_the_user_set():
    commands = _make_run_commands(env={"PORT": "8801", "SITE_URL": "https://formations.test"})

    assert {_site_url_of(c) for c in commands} == {"https://formations.test"}


def test_settings_take_site_url_from_the_environment():
    environment = {**os.environ, "SITE_URL": "http://127.0.0.1:8801"}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "http://127.0.0.1:8801"
