from django.urls import path

from workshops.views import attendance, calendars, enrolment, observation, sessions

app_name = "workshops"

urlpatterns = [
    # --- sessions: the page of a session (foundation); scheduling (part A) ---
    path("<int:pk>/", sessions.detail, name="detail"),
    path("nouvelle/", sessions.create, name="create"),
    path("<int:pk>/modifier/", sessions.edit, name="edit"),
    path("<int:pk>/annuler/", sessions.cancel, name="cancel"),
    path("mes-seances/", sessions.mine, name="mine"),
    # --- end of sessions ---
    # --- enrolment and convocations (part B) ---
    path("ouvertes/", enrolment.open_sessions, name="open"),
    path("<int:pk>/convoquer/", enrolment.convene, name="convene"),
    path("<int:pk>/personne/", enrolment.person, name="person"),
    path("<int:pk>/inscription/", enrolment.enrol, name="enrol"),
    path("<int:pk>/desinscription/", enrolment.unenrol, name="unenrol"),
    path("<int:pk>/invitation/", enrolment.answer, name="answer_invitation"),
    path(
        "<int:pk>/participants/<int:participant_pk>/retirer/",
        enrolment.remove,
        name="remove_participant",
    ),
    # --- end of enrolment ---
    # --- attendance, émargement and attestations (part C) ---
    path("<int:pk>/presences/", attendance.take, name="attendance"),
    path("<int:pk>/presences/realisee/", attendance.declare_done, name="attendance_done"),
    path("<int:pk>/emargement.pdf", attendance.emargement, name="emargement"),
    path("<int:pk>/attestation.pdf", attendance.attestation_mine, name="attestation_mine"),
    path(
        "<int:pk>/attestation/<int:participant_pk>.pdf",
        attendance.attestation,
        name="attestation",
    ),
    # --- end of attendance ---
    # --- calendars and the iCalendar feed (part D) ---
    path("agenda/", calendars.diary, name="diary"),
    path("agenda/lien/", calendars.feed_reset, name="feed_reset"),
    path("agenda/<str:token>.ics", calendars.feed, name="feed"),
    path("etablissement/", calendars.my_school, name="my_school_calendar"),
    path("etablissement/<str:uai>/", calendars.school, name="school_calendar"),
    path("programme/<slug:slug>/", calendars.programme, name="programme_calendar"),
    path("bureau/", calendars.office, name="office_calendar"),
    # --- end of calendars ---
    # --- observation requests (part E) ---
    path("observations/<slug:slug>/", observation.observations, name="observations"),
    path(
        "observations/<slug:slug>/<int:pk>/accepter/",
        observation.accept,
        name="observation_accept",
    ),
    path(
        "observations/<slug:slug>/<int:pk>/decliner/",
        observation.decline,
        name="observation_decline",
    ),
    # --- end of observation ---
]
