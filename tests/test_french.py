"""The French of the pages (issue 9, point 10): a non-breaking space (U+00A0) before « : ; ? ! »
and inside « », in the catalogue's translations and in the templates' text; and a catalogue
that `makemessages` leaves with nothing missing, fuzzy or obsolete."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# A plain space (or none) where French typography wants a non-breaking one.
PLAIN_SPACE = re.compile(r"(?<=\S) [:;?!»]|« ")

# The templates put right in issue 9 (point 10). The rest of the project is listed in the
# issue's report: move a file here once its text is fixed.
CHECKED_TEMPLATES = [
    "dsfr_crispy/templates/dsfr_crispy/errors.html",
    "templates/accounts/home.html",
    "requests/templates/requests/office/queue.html",
    "requests/jinja2/requests/office/_queue_rows.html",
    "requests/templates/requests/trainers/my_assignments.html",
    "templates/emails/base.html",
    "exports/templates/exports/detail.html",
    "requests/templates/requests/detail.html",
    "requests/templates/requests/office/_themes.html",
    "requests/templates/requests/office/_times.html",
    "requests/templates/requests/office/campaign_detail.html",
    "requests/templates/requests/office/catalogue.html",
    "requests/templates/requests/office/form.html",
    "requests/templates/requests/team/_pagination.html",
    "requests/templates/requests/team/_request_table.html",
    "requests/templates/requests/team/_state_badge.html",
    "requests/templates/requests/team/_window.html",
    "requests/templates/requests/team/form.html",
    "requests/templates/requests/team/list.html",
    "requests/templates/requests/trainers/list.html",
    "requests/templates/requests/trainers/suggestions.html",
    "templates/404.html",
    "templates/500.html",
    "templates/accounts/profile.html",
    "templates/layout/footer.html",
    "templates/notifications/detail.html",
    "templates/pages/accessibilite.html",
    "templates/pages/aide.html",
    "templates/pages/mentions_legales.html",
    "templates/registration/locked_out.html",
    "templates/registration/login.html",
    "templates/registration/password_reset_confirm.html",
    "templates/registration/password_reset_form.html",
    *[
        f"requests/templates/emails/ant_{kind}_{part}"
        for kind in (
            "endorse_reminder",
            "endorse_request",
            "office_digest",
            "team_invitation",
            "thread_message",
            "trainer_assignment",
            "update",
        )
        for part in ("subject.txt", "body.txt", "body.html")
    ],
]

# The Python modules whose messages were put right (their catalogue entries are checked).
CHECKED_SOURCES = [
    "accounts/dashboard.py",
    "accounts/templatetags/french_numbers.py",
    "requests/dashboard.py",
    "requests/notices.py",
    "requests/views/back.py",
    "requests/views/queue.py",
    "accounts/demo.py",
    "accounts/forms.py",
    "accounts/management/commands/import_etablissements.py",
    "accounts/management/commands/seed_demo.py",
    "accounts/services.py",
    "accounts/uai.py",
    "requests/forms/campaigns.py",
    "requests/forms/queue.py",
    "requests/forms/team.py",
    "requests/forms/trainers.py",
    "requests/management/commands/recount_ant_states.py",
    "requests/services.py",
    "requests/views/campaigns.py",
    "requests/views/team.py",
    "requests/views/trainers.py",
    "requests/workflow.py",
]

# --- programmes (issue 10): every template and module of the app is checked from the start ---
CHECKED_TEMPLATES += sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "programmes").rglob("*")
    if path.suffix in (".html", ".txt")
)
CHECKED_SOURCES += sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "programmes").rglob("*.py")
    if "migrations" not in path.parts
)

# --- workshops (issue 11): every template and module of the app, like the programmes' ---
CHECKED_TEMPLATES += sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "workshops").rglob("*")
    if path.suffix in (".html", ".txt") and "data" not in path.parts
)
CHECKED_SOURCES += sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "workshops").rglob("*.py")
    if "migrations" not in path.parts
)

# --- funding (issue 12): likewise ---
CHECKED_TEMPLATES += sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "funding").rglob("*")
    if path.suffix in (".html", ".txt")
)
CHECKED_SOURCES += sorted(
    str(path.relative_to(ROOT))
    for path in (ROOT / "funding").rglob("*.py")
    if "migrations" not in path.parts
)


def template_text(source):
    """What a template prints as text: its tags' names, variables, comments, markup, styles
    and scripts set aside (a variable becomes "x", so that « {{ title }} » is still seen)."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", source, flags=re.S)
    source = re.sub(r"<(style|script)\b.*?</\1>", "", source, flags=re.S | re.I)
    source = re.sub(r"<!--.*?-->", "", source, flags=re.S)
    # {% translate "Motif" %} prints its text: keep it, then drop the other tags.
    source = re.sub(r"\{%-?\s*(?:translate|trans)\s+\"([^\"]*)\"[^%]*%\}", r"\1", source)
    source = re.sub(r"\{%-?\s*(?:translate|trans)\s+'([^']*)'[^%]*%\}", r"\1", source)
    source = re.sub(r"\{%.*?%\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", "x", source, flags=re.S)
    return re.sub(r"<[^>]*>", " ", source)


def spacing_faults(text):
    return [match.group(0) for match in PLAIN_SPACE.finditer(text)]


def catalogue_translations(path):
    """The catalogue's translations as (source files, text), the header, fuzzy and obsolete
    entries aside."""
    entries, current, fuzzy, refs = [], None, False, set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#:"):
            refs.update(ref.rsplit(":", 1)[0] for ref in line[2:].split())
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgstr"):
            current = [line.split(" ", 1)[1]]
            entries.append((refs, current, fuzzy))
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif not line.strip():
            current, fuzzy, refs = None, False, set()
        elif line.startswith(("msgid", "#")):
            current = None
    translations = []
    for sources, parts, is_fuzzy in entries:
        text = "".join(part.strip()[1:-1] for part in parts)
        if text and sources and not is_fuzzy:
            translations.append((sources, text.replace('\\"', '"').replace("\\n", "\n")))
    return translations


def test_the_checker_finds_plain_spaces_and_accepts_non_breaking_ones():
    assert spacing_faults(template_text('{% translate "Motif" %} : {{ reason }}')) == [" :"]
    assert spacing_faults(template_text("« {{ title }} »")) == ["« ", " »"]
    assert spacing_faults(template_text("Motif\u00a0: «\u00a0{{ title }}\u00a0» ?")) == [" ?"]
    assert spacing_faults(template_text('<a href="?page=2">x</a>{{ a|date:"j F" }}')) == []


@pytest.mark.parametrize("name", CHECKED_TEMPLATES)
def test_templates_put_a_non_breaking_space_before_high_punctuation(name):
    assert spacing_faults(template_text((ROOT / name).read_text(encoding="utf-8"))) == []


def test_catalogue_translations_put_a_non_breaking_space_before_high_punctuation():
    checked = set(CHECKED_TEMPLATES) | set(CHECKED_SOURCES)
    faults = [
        text
        for sources, text in catalogue_translations(CATALOGUE)
        if sources & checked and spacing_faults(text)
    ]
    assert faults == []


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="gettext tools not installed")
def test_makemessages_leaves_nothing_missing_fuzzy_or_obsolete(tmp_path):
    """`makemessages` run on a copy of the project: the French catalogue it leaves has every
    message translated, none fuzzy, none obsolete. (Passes once the catalogue is updated.)"""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "artifacts", "build", "media", "node_modules", ".git", "__pycache__"
        ),
        symlinks=True,
    )
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "--locale",
            "fr",
            "--ignore",
            ".venv/*",
            "--ignore",
            "artifacts/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    po = copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    problems = {}
    for option in ("--untranslated", "--only-fuzzy", "--only-obsolete"):
        found = subprocess.run(
            ["msgattrib", option, "--no-wrap", str(po)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        problems[option] = re.findall(r'^(?:#~ )?msgid "(.+)"$', found, flags=re.M)
    assert problems == {"--untranslated": [], "--only-fuzzy": [], "--only-obsolete": []}
