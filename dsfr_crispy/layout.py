"""Layout objects that emit DSFR markup (crispy's Submit carries Bootstrap classes)."""

from crispy_forms.layout import BaseInput


class Submit(BaseInput):
    """A primary DSFR button: `Submit("save", "Enregistrer")`."""

    input_type = "submit"
    template = "dsfr_crispy/layout/submit.html"

    def __init__(self, name, value, *, secondary=False, **kwargs):
        self.field_classes = "fr-btn fr-btn--secondary" if secondary else "fr-btn"
        super().__init__(name, value, **kwargs)
