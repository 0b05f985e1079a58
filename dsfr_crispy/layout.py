"""Layout objects that emit DSFR markup (crispy's Submit carries Bootstrap classes)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import BaseInput


class Submit(BaseInput):
    """A primary DSFR button: `Submit("save", "Enregistrer")`."""

    input_type = "submit"
    template = "dsfr_crispy/layout/submit.html"

    def __init__(self, name, value, *, secondary=False, **kwargs):
        self.field_classes = "fr-btn fr-btn--secondary" if secondary else "fr-btn"
        super().__init__(name, value, **kwargs)


class UrlFormHelper(FormHelper):
    """A helper whose action is a URL, read as given. Crispy's helper tries the action as a
    view name to reverse on every read (40 µs each: a page with eight forms felt it)."""

    _action = ""

    @property
    def form_action(self):
        return self._action

    @form_action.setter
    def form_action(self, action):
        self._action = action
