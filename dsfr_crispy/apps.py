from django.apps import AppConfig


class DsfrCrispyConfig(AppConfig):
    """Our crispy-forms template pack for the State design system (none exists on PyPI)."""

    name = "dsfr_crispy"
    verbose_name = "Formulaires DSFR"
