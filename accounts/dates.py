"""Dates as the pages, e-mails and documents write them, in the current time zone: the one
place that says how. Templates use them through the `french_dates` filters."""

import datetime

from django.utils import formats, timezone, translation


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _first(value, pattern):
    # The first of the month is written « 1er » in French: « 1er septembre 2020 ».
    return ("\\1\\e\\r " + pattern[2:]) if value.day == 1 else pattern


def day(value):
    """« 3 septembre 2020 », « 1er septembre 2020 » (a date, or the day of a moment)."""
    if not value:
        return ""
    value = _local(value)
    return formats.date_format(value, _first(value, "j F Y"))


def day_and_time(value):
    """« 3 septembre 2020 à 14:05 », « 1er septembre 2020 à 09:00 »."""
    if not value:
        return ""
    value = _local(value)
    return formats.date_format(value, _first(value, r"j F Y \à H:i"))


def short_day(value):
    """« 03/09/2020 », for tables, exports and messages."""
    return formats.date_format(_local(value), "d/m/Y") if value else ""


def letter_day(value):
    """« 1er septembre 2020 », « 15 juin 2020 »: as a letter or an order is dated, in French
    whatever the reader's language."""
    if not value:
        return ""
    value = _local(value)
    with translation.override("fr"):
        month_year = formats.date_format(value, "F Y")
    return f"{'1er' if value.day == 1 else value.day} {month_year}"
