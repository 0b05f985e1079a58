from django.urls import path

from programmes.views import ambassadeurs, brigade, catalogue, magistere, record

app_name = "programmes"

urlpatterns = [
    # --- catalogue (issue 10, point 1) ---
    # --- ambition-confiance (issue 10, point 2) ---
    # --- Ambassadeurs du numérique (issue 10, point 3) ---
    # --- M@gistère (issue 10, point 4) ---
    # --- training record (issue 10, point 5) ---
]
