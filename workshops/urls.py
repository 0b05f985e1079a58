from django.urls import path

from workshops.views import sessions

app_name = "workshops"

urlpatterns = [
    # --- sessions: the page of a session (foundation); scheduling (part A) ---
    path("<int:pk>/", sessions.detail, name="detail"),
    # --- end of sessions ---
    # --- enrolment and convocations (part B) ---
    # --- end of enrolment ---
    # --- attendance, émargement and attestations (part C) ---
    # --- end of attendance ---
    # --- calendars and the iCalendar feed (part D) ---
    # --- end of calendars ---
    # --- observation requests (part E) ---
    # --- end of observation ---
]
