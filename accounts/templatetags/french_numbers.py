"""Numbers as a French page writes them (issue 9, point 10): `heures` prints "15 h" or
"15,5 h", never "15,0 h", with a non-breaking space before the unit."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def heures(value):
    if value is None or value == "":
        return ""
    return _("%(hours)s\u00a0h") % {"hours": floatformat(value, "-1")}


def grouped(value, decimals):
    """« 1 002 909,90 »: thousands grouped by a non-breaking space, a decimal comma (the page's
    language aside: amounts of a French public body are written the French way)."""
    text = f"{Decimal(value):,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",")


@register.filter
def euros(value):
    """« 1 002 909,90 € » (exact decimals, two places)."""
    if value is None or value == "":
        return ""
    return f"{grouped(value, 2)}\u00a0€"


@register.filter
def pourcentage(value):
    """« 59,97 % » (two places)."""
    if value is None or value == "":
        return ""
    return f"{grouped(value, 2)}\u00a0%"
