"""Crispy forms rendered once per process. The HTML of an unbound form whose fields do not
depend on who views the page (a comment box, a choice of decisions) is a pure function of the
form's code, its key and the language: it is built once and reused, and only the <form> tag
with its CSRF token is written per page (see templatetags/dsfr_forms.py)."""

from crispy_forms.utils import render_crispy_form
from django.utils.translation import get_language

_SHARED = {}
# A bound on memory: the keys are few (one per form and language, a date for dated forms).
_MAX_ENTRIES = 1024


def shared_html(key, build):
    """`build()`'s HTML, built once per `key` and language in this process."""
    key = (get_language(), *key)
    html = _SHARED.get(key)
    if html is None:
        if len(_SHARED) >= _MAX_ENTRIES:
            _SHARED.clear()
        html = _SHARED[key] = build()
    return html


def form_fields_html(form):
    """The form's fields and buttons, without the <form> tag and the CSRF token.

    A form opts in to sharing by setting `html_key`: a tuple of whatever, beyond its class and
    prefix, its HTML depends on (() when nothing does). A bound form (with the user's input
    and its errors) is always rendered afresh. A form's `before_render()`, if any, is called
    before its HTML is built, and only then."""
    helper = form.helper
    helper.form_tag = False
    helper.disable_csrf = True

    def render():
        # A form may complete what only its HTML needs (a select's choices, say).
        if hasattr(form, "before_render"):
            form.before_render()
        return render_crispy_form(form, helper)

    key = getattr(form, "html_key", None)
    if form.is_bound or key is None:
        return render()
    return shared_html((type(form).__module__, type(form).__qualname__, form.prefix, *key), render)
