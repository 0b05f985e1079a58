from django.urls import path

from programmes.views import ambassadeurs, brigade, catalogue, magistere, record

app_name = "programmes"

urlpatterns = [
    # --- catalogue (issue 10, point 1) ---
    path("", catalogue.programme_list, name="catalogue"),
    path("mes-programmes/", catalogue.my_programmes, name="mine"),
    # --- ambition-confiance (issue 10, point 2) ---
    path("ambition-confiance/observer/", brigade.observe_home, name="brigade_observe_home"),
    path("ambition-confiance/brigade/", brigade.staff_home, name="brigade_home"),
    path("<slug:slug>/observer/", brigade.observe, name="brigade_observe"),
    path("<slug:slug>/brigade/", brigade.overview, name="brigade_overview"),
    path("<slug:slug>/brigade/reglages/", brigade.brigade_settings, name="brigade_settings"),
    path("<slug:slug>/brigade/animateurs/", brigade.animateur_list, name="brigade_animateurs"),
    path(
        "<slug:slug>/brigade/animateurs/ajouter/",
        brigade.animateur_create,
        name="brigade_animateur_create",
    ),
    path(
        "<slug:slug>/brigade/animateurs/<int:pk>/",
        brigade.animateur_detail,
        name="brigade_animateur",
    ),
    path("<slug:slug>/brigade/promotions/", brigade.promotion_list, name="brigade_promotions"),
    path(
        "<slug:slug>/brigade/promotions/<int:pk>/modules-termines/",
        brigade.completion_create,
        name="brigade_completion_create",
    ),
    path("<slug:slug>/brigade/equipes/", brigade.team_list, name="brigade_teams"),
    path("<slug:slug>/brigade/equipes/nouvelle/", brigade.team_form, name="brigade_team_create"),
    path("<slug:slug>/brigade/equipes/<int:pk>/", brigade.team_form, name="brigade_team_edit"),
    path(
        "<slug:slug>/brigade/observations/",
        brigade.observation_list,
        name="brigade_observations",
    ),
    path(
        "<slug:slug>/brigade/observations/<int:pk>/accepter/",
        brigade.observation_accept,
        name="brigade_observation_accept",
    ),
    path(
        "<slug:slug>/brigade/observations/<int:pk>/decliner/",
        brigade.observation_decline,
        name="brigade_observation_decline",
    ),
    # --- Ambassadeurs du numérique (issue 10, point 3) ---
    path("ambassadeurs/", ambassadeurs.staff_home, name="amb_staff_home"),
    path("ambassadeurs/moi/", ambassadeurs.me, name="amb_me"),
    path(
        "ambassadeurs/moi/accompagnement/",
        ambassadeurs.AccompanimentCreateView.as_view(),
        name="amb_request_create",
    ),
    path(
        "ambassadeurs/moi/portfolio/",
        ambassadeurs.PortfolioEntryCreateView.as_view(),
        name="amb_portfolio_add",
    ),
    path("ambassadeurs/moi/portfolio.pdf", ambassadeurs.portfolio_export, name="amb_portfolio_pdf"),
    path(
        "ambassadeurs/mes-accompagnements/",
        ambassadeurs.my_accompaniments,
        name="amb_my_accompaniments",
    ),
    path(
        "ambassadeurs/accompagnements/<int:pk>/",
        ambassadeurs.accompaniment_detail,
        name="amb_request",
    ),
    path(
        "ambassadeurs/accompagnements/<int:pk>/designer/",
        ambassadeurs.accompaniment_assign,
        name="amb_assign",
    ),
    path(
        "ambassadeurs/accompagnements/<int:pk>/visite/",
        ambassadeurs.accompaniment_visit,
        name="amb_visit",
    ),
    path(
        "ambassadeurs/<slug:slug>/", ambassadeurs.convention_current, name="amb_convention_current"
    ),
    path(
        "ambassadeurs/<slug:slug>/conventions/<int:pk>/",
        ambassadeurs.convention_detail,
        name="amb_convention",
    ),
    path(
        "ambassadeurs/<slug:slug>/conventions/<int:pk>/modifier/",
        ambassadeurs.convention_edit,
        name="amb_convention_edit",
    ),
    path(
        "ambassadeurs/<slug:slug>/conventions/<int:pk>/convention-signee.pdf",
        ambassadeurs.convention_pdf,
        name="amb_convention_pdf",
    ),
    path(
        "ambassadeurs/<slug:slug>/engagements/<int:pk>/",
        ambassadeurs.commitment_status,
        name="amb_commitment_status",
    ),
    path(
        "ambassadeurs/<slug:slug>/promotions/<int:pk>/",
        ambassadeurs.cohort_detail,
        name="amb_cohort",
    ),
    path("ambassadeurs/<slug:slug>/liste/", ambassadeurs.ambassador_list, name="amb_list"),
    path(
        "ambassadeurs/<slug:slug>/liste/<int:pk>/",
        ambassadeurs.ambassador_detail,
        name="amb_detail",
    ),
    path(
        "ambassadeurs/<slug:slug>/liste/<int:pk>/equipement/",
        ambassadeurs.EquipmentCreateView.as_view(),
        name="amb_equipment_add",
    ),
    path("ambassadeurs/<slug:slug>/accompagnements/", ambassadeurs.queue, name="amb_queue"),
    path(
        "ambassadeurs/<slug:slug>/conventions/<int:convention_pk>/promotions/nouvelle/",
        ambassadeurs.CohortFormView.as_view(),
        {"pk": None},
        name="amb_cohort_create",
    ),
    path(
        "ambassadeurs/<slug:slug>/promotions/<int:pk>/modifier/",
        ambassadeurs.CohortFormView.as_view(),
        name="amb_cohort_edit",
    ),
    path(
        "ambassadeurs/<slug:slug>/promotions/<int:pk>/ajouter/",
        ambassadeurs.AmbassadorAddView.as_view(),
        name="amb_ambassador_add",
    ),
    path(
        "ambassadeurs/<slug:slug>/conventions/<int:convention_pk>/signataires/ajouter/",
        ambassadeurs.SignatoryFormView.as_view(),
        {"pk": None},
        name="amb_signatory_create",
    ),
    path(
        "ambassadeurs/<slug:slug>/signataires/<int:pk>/",
        ambassadeurs.SignatoryFormView.as_view(),
        name="amb_signatory_edit",
    ),
    path(
        "ambassadeurs/<slug:slug>/signataires/<int:pk>/retirer/",
        ambassadeurs.signatory_delete,
        name="amb_signatory_delete",
    ),
    path(
        "ambassadeurs/<slug:slug>/conventions/<int:convention_pk>/engagements/ajouter/",
        ambassadeurs.CommitmentFormView.as_view(),
        {"pk": None},
        name="amb_commitment_create",
    ),
    path(
        "ambassadeurs/<slug:slug>/engagements/<int:pk>/modifier/",
        ambassadeurs.CommitmentFormView.as_view(),
        name="amb_commitment_edit",
    ),
    path(
        "ambassadeurs/<slug:slug>/engagements/<int:pk>/retirer/",
        ambassadeurs.commitment_delete,
        name="amb_commitment_delete",
    ),
    path(
        "ambassadeurs/<slug:slug>/liste/export/<str:fmt>/",
        ambassadeurs.ambassador_export,
        name="amb_export",
    ),
    # --- M@gistère (issue 10, point 4) ---
    path("magistere/parcours/", magistere.catalogue, name="magistere_catalogue"),
    path(
        "magistere/parcours/nouveau/", magistere.parcours_create, name="magistere_parcours_create"
    ),
    path("magistere/parcours/<int:pk>/", magistere.parcours_detail, name="magistere_parcours"),
    path(
        "magistere/parcours/<int:pk>/modifier/",
        magistere.parcours_edit,
        name="magistere_parcours_edit",
    ),
    path(
        "magistere/parcours/<int:pk>/activites/",
        magistere.parcours_activities,
        name="magistere_parcours_activities",
    ),
    path(
        "magistere/parcours/<int:pk>/kit/",
        magistere.parcours_kit_upload,
        name="magistere_parcours_kit",
    ),
    path(
        "magistere/parcours/<int:pk>/kit/<int:file_pk>/",
        magistere.parcours_kit_download,
        name="magistere_parcours_kit_file",
    ),
    path("magistere/sessions/", magistere.session_list, name="magistere_sessions"),
    path("magistere/sessions/nouvelle/", magistere.session_create, name="magistere_session_create"),
    path("magistere/sessions/<int:pk>/", magistere.session_detail, name="magistere_session"),
    path(
        "magistere/sessions/<int:pk>/modifier/",
        magistere.session_edit,
        name="magistere_session_edit",
    ),
    path(
        "magistere/sessions/<int:pk>/calendrier/",
        magistere.session_step_add,
        name="magistere_session_step",
    ),
    path(
        "magistere/sessions/<int:pk>/calendrier/<int:step_pk>/retirer/",
        magistere.session_step_delete,
        name="magistere_session_step_delete",
    ),
    path(
        "magistere/sessions/<int:pk>/inviter/",
        magistere.session_invite,
        name="magistere_session_invite",
    ),
    path(
        "magistere/sessions/<int:pk>/candidater/",
        magistere.session_apply,
        name="magistere_session_apply",
    ),
    path(
        "magistere/inscriptions/<int:pk>/", magistere.enrolment_detail, name="magistere_enrolment"
    ),
    path(
        "magistere/inscriptions/<int:pk>/decision/",
        magistere.enrolment_decision,
        name="magistere_enrolment_decision",
    ),
    path(
        "magistere/inscriptions/<int:pk>/reponse/",
        magistere.invitation_answer,
        name="magistere_invitation_answer",
    ),
    path(
        "magistere/inscriptions/<int:pk>/activites/<int:activity_pk>/",
        magistere.activity_mark,
        name="magistere_activity_mark",
    ),
    path("magistere/mes-parcours/", magistere.my_courses, name="magistere_my_courses"),
    path("magistere/diagnostics/", magistere.diagnostics, name="magistere_diagnostics"),
    path(
        "magistere/diagnostics/nouveau/",
        magistere.diagnostic_edit,
        name="magistere_diagnostic_create",
    ),
    path(
        "magistere/diagnostics/<int:pk>/",
        magistere.diagnostic_edit,
        name="magistere_diagnostic_edit",
    ),
    # --- training record (issue 10, point 5) ---
    path("formation/", record.my_record, name="record_mine"),
    path("formation/enseignants/", record.staff_table, name="record_staff"),
    path("formation/enseignants/export/<str:fmt>/", record.staff_export, name="record_export"),
    path("formation/regles/", record.rules, name="record_rules"),
    path("formation/regles/nouvelle/", record.rule_create, name="record_rule_create"),
    path("formation/regles/<int:pk>/", record.rule_edit, name="record_rule_edit"),
    path("formation/<int:user_id>/", record.teacher_record, name="record_teacher"),
    path("formation/<int:user_id>/quotite/", record.set_share, name="record_share"),
    # --- catalogue (issue 10, point 1): a programme's pages, by its slug. Last, so that the fixed
    # routes of every part above (« formation/ », « magistere/… ») are never taken for a slug. ---
    path("<slug:slug>/", catalogue.programme_detail, name="detail"),
    path("<slug:slug>/ressources/<int:pk>/", catalogue.resource_download, name="resource_download"),
    path("<slug:slug>/gestion/", catalogue.manage, name="manage"),
    path("<slug:slug>/gestion/modifier/", catalogue.edit, name="edit"),
    path("<slug:slug>/gestion/personnes/", catalogue.GrantView.as_view(), name="grant"),
    path(
        "<slug:slug>/gestion/personnes/<int:pk>/fin/",
        catalogue.EndView.as_view(),
        name="end_membership",
    ),
]
