"""The form renderer: widgets through Django's Jinja2 renderer (a select's options are the hot
part of a form), any other form template through the project's TEMPLATES.

Django's Jinja2 renderer only knows its own widget templates; the administration's (its
related-object wrapper, say) are Django templates: they are looked up in TEMPLATES instead.
"""

from django.forms.renderers import Jinja2
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


class WidgetsInJinja2(Jinja2):
    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)
