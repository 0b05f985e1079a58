"""The ANT pages: the team's and the heads' side with the request page, the office's queue,
exports, campaigns and catalogue, and the trainers'."""

from django.urls import path

from requests.views import campaign_rules as broadcast_views  # issue 9, point 4
from requests.views import (
    campaigns,
    catalogue,
    clif,
    exports,
    project,
    queue,
    team,
    trainer_pool,  # issue 9, point 9
    trainers,
)
from requests.views import opinions as opinion_views  # issue 9, point 2

app_name = "requests"

urlpatterns = [
    # Teams and heads of school, and the request page.
    path("demandes/", team.request_list, name="list"),
    path("demandes/nouvelle/", team.AntRequestCreateView.as_view(), name="create"),
    path("demandes/<int:pk>/", team.detail, name="detail"),
    path("demandes/<int:pk>/modifier/", team.AntRequestEditView.as_view(), name="edit"),
    path("demandes/<int:pk>/action/<str:name>/", team.transition, name="transition"),
    path("demandes/<int:pk>/equipe/", team.invite, name="invite"),
    path("demandes/<int:pk>/invitation/", team.answer_invitation, name="answer_invitation"),
    path(
        "demandes/<int:pk>/equipe/<int:member_pk>/retirer/",
        team.remove_member,
        name="remove_member",
    ),
    path("demandes/<int:pk>/pieces/", team.attachment_upload, name="attachment_upload"),
    path(
        "demandes/<int:pk>/pieces/<int:att_pk>/",
        team.attachment_download,
        name="attachment_download",
    ),
    path("demandes/<int:pk>/messages/", team.post_message, name="post_message"),
    path("demandes/<int:pk>/notes/", team.staff_note, name="staff_note"),
    path("demandes/<int:pk>/diagnostic/", team.diagnostic_note, name="diagnostic_note"),
    # Diagnostic meetings and the training project (issue 9, point 1).
    path("demandes/<int:pk>/projet/", project.project_page, name="project"),
    path(
        "demandes/<int:pk>/projet/reunion/",
        project.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(
        "demandes/<int:pk>/projet/version/",
        project.RevisionCreateView.as_view(),
        name="revision_create",
    ),
    # The office's queue and its exports.
    path("bureau/demandes/", queue.queue, name="queue"),
    path("bureau/demandes/export.<str:fmt>/", exports.queue_export, name="queue_export"),
    path("bureau/demandes/decision/", queue.bulk_decision, name="bulk_decision"),
    # The office's campaigns, their themes and windows.
    path("bureau/campagnes/", campaigns.campaigns, name="campaigns"),
    path(
        "bureau/campagnes/nouvelle/", campaigns.CampaignCreateView.as_view(), name="campaign_create"
    ),
    path("bureau/campagnes/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path(
        "bureau/campagnes/<int:pk>/modifier/",
        campaigns.CampaignEditView.as_view(),
        name="campaign_edit",
    ),
    path(
        "bureau/campagnes/<int:pk>/thematiques/nouvelle/",
        campaigns.ThemeCreateView.as_view(),
        name="theme_create",
    ),
    path("bureau/thematiques/<int:pk>/", campaigns.ThemeEditView.as_view(), name="theme_edit"),
    path(
        "bureau/campagnes/<int:pk>/fenetres/nouvelle/",
        campaigns.WindowCreateView.as_view(),
        name="window_create",
    ),
    path("bureau/fenetres/<int:pk>/", campaigns.WindowEditView.as_view(), name="window_edit"),
    path("bureau/campagnes/<int:pk>/reports/", campaigns.carry_over, name="carry_over"),
    # The published catalogue, for everyone of the académie.
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    # --- the head informs their staff of a campaign (issue 9, point 4) ---
    path(
        "catalogue/<int:pk>/informer-les-personnels/",
        broadcast_views.broadcast,
        name="campaign_broadcast",
    ),
    # Trainers and mission orders.
    path("bureau/formateurs/", trainers.trainer_list, name="trainers"),
    path("demandes/<int:pk>/formateurs/", trainers.trainer_suggestions, name="trainer_suggestions"),
    path(
        "demandes/<int:pk>/formateurs/affecter/",
        trainers.assign_trainer,
        name="assign_trainer",
    ),
    path("interventions/", trainers.my_assignments, name="my_assignments"),
    path(
        "interventions/<int:assignment_pk>/reponse/",
        trainers.answer_assignment,
        name="answer_assignment",
    ),
    path("demandes/<int:pk>/ordres-de-mission.pdf", trainers.mission_orders, name="mission_orders"),
    # --- the trainer pool (issue 9, point 9) ---
    path(
        "bureau/formateurs/nouveau/",
        trainer_pool.TrainerCreateView.as_view(),
        name="trainer_create",
    ),
    path(
        "bureau/formateurs/<int:pk>/modifier/",
        trainer_pool.TrainerEditView.as_view(),
        name="trainer_edit",
    ),
    path("interventions/profil/", trainer_pool.VolunteerView.as_view(), name="volunteer"),
    # --- districts and the CLIF (issue 9, point 3) ---
    path("district/demandes/", clif.district_requests, name="district_requests"),
    path(
        "demandes/<int:pk>/accueil-propose/",
        clif.propose_host_school,
        name="propose_host_school",
    ),
    # --- opinions of the académie's services (« avis externes », issue 9, point 2) ---
    path("demandes/<int:pk>/avis/", opinion_views.ask, name="opinion_ask"),
    path(
        "demandes/<int:pk>/avis/<int:opinion_pk>/retirer/",
        opinion_views.withdraw,
        name="opinion_withdraw",
    ),
    path("avis/", opinion_views.opinion_list, name="opinions"),
    path("avis/<int:pk>/", opinion_views.opinion_detail, name="opinion_detail"),
    path("avis/<int:pk>/reponse/", opinion_views.opinion_answer, name="opinion_answer"),
    path(
        "avis/<int:pk>/pieces/<int:att_pk>/",
        opinion_views.opinion_attachment,
        name="opinion_attachment",
    ),
]
