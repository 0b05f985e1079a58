from django import template
from django.forms.utils import flatatt
from django.middleware.csrf import get_token
from django.utils.html import format_html

from dsfr_crispy.rendering import form_fields_html

register = template.Library()


@register.simple_tag(takes_context=True)
def dsfr_form(context, form):
    """A crispy form posted to its helper's action: the <form> tag and CSRF token of this
    page around fields rendered by `form_fields_html` (shared when the form allows it)."""
    helper = form.helper
    attrs = {"method": "post", "action": helper.form_action or ""}
    if helper.form_id:
        attrs["id"] = helper.form_id
    if helper.form_class:
        attrs["class"] = helper.form_class
    if form.is_multipart():
        attrs["enctype"] = "multipart/form-data"
    # The page's token, masked once for all its forms, as {% csrf_token %} does.
    token = context.get("csrf_token") or get_token(context["request"])
    return format_html(
        '<form{} novalidate><input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form>',
        flatatt(attrs),
        token,
        form_fields_html(form),
    )
