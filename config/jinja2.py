"""The Jinja2 environment of the few hot partials rendered by Django's Jinja2 backend (the
office queue's rows, the training record's table): Django's URL reversing and the project's
date and hours formats."""

from django.urls import reverse
from jinja2 import Environment

from accounts import dates
from accounts.templatetags.french_numbers import heures


def environment(**options):
    env = Environment(**options)
    env.globals["url"] = lambda name, args=(): reverse(name, args=args)
    env.filters["short_day"] = dates.short_day
    env.filters["heures"] = heures
    return env
