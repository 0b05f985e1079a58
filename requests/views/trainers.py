"""Views: see requests/views/__init__.py."""

urlpatterns = []
