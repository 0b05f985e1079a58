"""The UAI (ex-RNE) school code: seven digits and a check letter (DOMAIN.md)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_PATTERN = re.compile(r"^\d{7}[A-Z]$")


def normalize_uai(value):
    return (value or "").strip().upper()


def uai_check_letter(digits):
    return UAI_LETTERS[int(digits) % 23]


def uai_error(value):
    """The reason a UAI is invalid, in French, or None when it is valid."""
    uai = normalize_uai(value)
    if not UAI_PATTERN.match(uai):
        return _("UAI mal formé « %(uai)s » : 7 chiffres suivis d'une lettre attendus.") % {
            "uai": uai
        }
    expected = uai_check_letter(uai[:7])
    if uai[7] != expected:
        return _("UAI « %(uai)s » : la lettre de contrôle devrait être %(letter)s.") % {
            "uai": uai,
            "letter": expected,
        }
    return None


def validate_uai(value):
    error = uai_error(value)
    if error:
        raise ValidationError(error, code="invalid_uai")
