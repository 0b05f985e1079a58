"""The e-mails and the ANT guide go through the translation catalogue: every word they print is
inside a `{% translate %}` or `{% blocktranslate %}`, and the texts put in it keep the French
spacing (a non-breaking space before « : ; ? ! » and inside « »)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_french import spacing_faults, template_text

ROOT = Path(settings.BASE_DIR)

EMAIL_TEMPLATES = sorted(
    str(path.relative_to(ROOT))
    for pattern in ("*/templates/emails/*", "templates/emails/*", "tests/*/templates/emails/*")
    for path in ROOT.glob(pattern)
    if path.is_file() and not path.relative_to(ROOT).parts[0].startswith(".")
)
GUIDES = ["templates/pages/guide_ant.html"]

# The templates put through the catalogue by this issue (their spacing is checked here until
# they join tests/test_french.py's CHECKED_TEMPLATES).
CONVERTED = GUIDES + [
    *[
        f"requests/templates/emails/ant_{kind}_{part}"
        for kind in (
            "diagnostic_meeting",
            "opinion_answered",
            "opinion_reminder",
            "opinion_request",
            "training_project",
        )
        for part in ("subject.txt", "body.txt", "body.html")
    ],
    *[
        f"accounts/templates/emails/{kind}_{part}"
        for kind in ("account_invitation", "password_reset")
        for part in ("subject.txt", "body.txt", "body.html")
    ],
]


def untranslated_text(source):
    """What a template prints outside the translation tags: comments, translated texts, other
    tags, variables, markup, styles, scripts and entities set aside."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", source, flags=re.S)
    source = re.sub(
        r"\{%-?\s*blocktrans(?:late)?\b.*?\{%-?\s*endblocktrans(?:late)?\s*-?%\}",
        "",
        source,
        flags=re.S,
    )
    source = re.sub(r"\{%.*?%\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}", "", source, flags=re.S)
    source = re.sub(r"<(style|script)\b.*?</\1>", "", source, flags=re.S | re.I)
    source = re.sub(r"<!--.*?-->", "", source, flags=re.S)
    source = re.sub(r"<[^>]*>", "", source)
    return re.sub(r"&#?\w+;", "", source)


def words(text):
    return re.findall(r"[^\W\d_]+", text)


def test_the_checker_sees_words_outside_the_translation_tags_only():
    assert words(untranslated_text('{% load i18n %}<p class="x">{% translate "Motif" %}</p>')) == []
    assert (
        words(
            untranslated_text(
                "{% blocktranslate trimmed with t=a.b %}<strong>Le</strong> « {{ t }} »"
                "{% endblocktranslate %}"
            )
        )
        == []
    )
    assert (
        words(untranslated_text("[{{ request.reference }}] {{ headline|truncatechars:150 }}")) == []
    )
    assert words(untranslated_text("<p>Bonjour {{ name }},</p>")) == ["Bonjour"]
    assert words(untranslated_text("{% autoescape off %}Demande : {{ x }}{% endautoescape %}")) == [
        "Demande"
    ]


def test_every_e_mail_template_is_listed():
    assert len(EMAIL_TEMPLATES) >= 45
    assert "templates/emails/base.html" in EMAIL_TEMPLATES
    assert set(CONVERTED) - set(GUIDES) <= set(EMAIL_TEMPLATES)


@pytest.mark.parametrize("name", EMAIL_TEMPLATES + GUIDES)
def test_templates_print_no_french_outside_the_translation_tags(name):
    assert words(untranslated_text((ROOT / name).read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_templates_put_a_non_breaking_space_before_high_punctuation(name):
    assert spacing_faults(template_text((ROOT / name).read_text(encoding="utf-8"))) == []
