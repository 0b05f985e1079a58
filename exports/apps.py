from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = "Fichiers produits en arrière-plan"

    def ready(self):
        # Each app registers its producers in its own `exports` module (requests/exports.py):
        # importing them here fills the registry in web processes and Celery workers alike.
        autodiscover_modules("exports")
