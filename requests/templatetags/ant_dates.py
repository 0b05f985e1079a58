"""`jour_lettre`: a date in words as running text writes it, « 1er septembre 2020 »,
« 15 juin 2026 » (accounts.dates.letter_day)."""

from django import template

from accounts import dates

register = template.Library()

register.filter("jour_lettre", dates.letter_day)
