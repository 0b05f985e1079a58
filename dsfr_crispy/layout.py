"""Layout objects that emit DSFR markup (crispy's Submit carries Bootstrap classes)."""

from crispy_forms.layout import BaseInput


class Submit(BaseInput):
    """A primary DSFR button: `Submit("save", "Enregistrer")`."""

    input_type = "submit"
    template = "dsfr_crispy/layout/submit.html"

    def __init__(self, name, value, *, secondary=False, **kwargs):
        self.field_classes = "fr-btn fr-btn--secondary" if secondary else "fr-btn"
        super().__init__(name, value, **kwargs)


class FilterFormMixin:
    """For a django-filter FilterSet: its form is sent by GET with a secondary « Filtrer »
    button, in our DSFR markup."""

    @property
    def form(self):
        from crispy_forms.helper import FormHelper
        from django.utils.translation import gettext as _

        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.add_input(Submit("filtrer", _("Filtrer"), secondary=True))
        return form
