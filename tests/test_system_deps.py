"""bin/system-packages: the Debian packages `make test` and .ci/run need (Chromium, gettext,
Pango). These tests never install anything: a missing Chromium is simulated by pointing
CHROMIUM_PATH at a file that does not exist; gettext and Pango are those of this machine
(`make test` has checked them before pytest starts)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
SCRIPT = BASE_DIR / "bin" / "system-packages"
APT_LINE = "    sudo apt-get update && sudo apt-get install -y chromium"


def run_script(prefix=(), **env):
    return subprocess.run(
        [*prefix, "bash", str(SCRIPT)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def unprivileged_prefix():
    """How to run the script as a user who may not install packages, or None."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--"] if shutil.which("runuser") else None
    if shutil.which("sudo"):
        may_sudo = subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
        if may_sudo:
            return None
    return []


def test_nothing_missing_is_silent_and_succeeds():
    result = run_script(CHROMIUM_PATH=sys.executable)  # any executable stands for Chromium

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_told_not_to_install_it_prints_the_apt_get_line_and_fails(tmp_path):
    result = run_script(CHROMIUM_PATH=str(tmp_path / "chromium"), SYSTEM_PACKAGES_INSTALL="0")

    assert result.returncode == 1
    assert APT_LINE in result.stderr.splitlines()
    assert f"CHROMIUM_PATH={tmp_path / 'chromium'}" in result.stderr
    assert "installing" not in result.stdout


def test_a_user_who_may_not_install_gets_the_apt_get_line_and_a_failure(tmp_path):
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("no unprivileged user to run the script as")
    missing = tmp_path / "chromium"
    tmp_path.chmod(0o755)  # the unprivileged user looks for it too

    result = run_script(prefix, CHROMIUM_PATH=str(missing))

    assert result.returncode == 1
    assert APT_LINE in result.stderr.splitlines()


def test_make_test_and_ci_use_this_one_script():
    makefile = (BASE_DIR / "Makefile").read_text()
    test_recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert test_recipe.splitlines()[1] == "\tbash bin/system-packages"
    ci = (BASE_DIR / ".ci" / "run").read_text()
    assert "bash bin/system-packages" in ci
    assert "apt-get" not in ci
