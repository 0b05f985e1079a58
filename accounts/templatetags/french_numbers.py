"""Numbers as a French page writes them (issue 9, point 10): `heures` prints "15 h" or
"15,5 h", never "15,0 h", with a non-breaking space before the unit."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def heures(value):
    if value is None or value == "":
        return ""
    return _("%(hours)s\u00a0h") % {"hours": floatformat(value, "-1")}
