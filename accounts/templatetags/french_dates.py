"""Template filters over accounts/dates.py: `jour`, `jour_heure`."""

from django import template

from accounts import dates

register = template.Library()

register.filter("jour", dates.day)
register.filter("jour_heure", dates.day_and_time)
