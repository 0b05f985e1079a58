"""E-mail subjects are folded onto one line without losing the non-breaking spaces of French
typography (U+00A0 before « : ; ? ! » and inside « »)."""

from pathlib import Path

import pytest

from notifications.services import fold_whitespace, notify

TEST_TEMPLATES = Path(__file__).parent / "templates"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _test_notice_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


def test_fold_whitespace_keeps_nbsp_and_folds_ascii_runs():
    text = f"\n  Demande visée{NBSP}: «{NBSP}Climat scolaire{NBSP}»\t\r\n  à relire{NBSP}!  \n"
    assert fold_whitespace(text) == (
        f"Demande visée{NBSP}: «{NBSP}Climat scolaire{NBSP}» à relire{NBSP}!"
    )


def test_notify_subject_keeps_nbsp_before_colon_and_inside_guillemets(teacher):
    message = notify(
        recipient=teacher,
        kind="test_notice",
        context={"subject": f"Demande visée{NBSP}: «{NBSP}Climat{NBSP}»\n  ", "text": "Texte."},
        url="/demandes/1/",
    )
    assert message.subject.startswith(f"Demande visée{NBSP}: «{NBSP}Climat{NBSP}» — ")
    assert "\n" not in message.subject
