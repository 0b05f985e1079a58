from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import forms, invitation_views, membership_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("profil/", views.profile, name="profile"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            authentication_form=forms.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(form_class=forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.PasswordChangeForm, success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accessibilite/",
        views.page,
        {"template": "pages/accessibilite.html"},
        name="accessibility",
    ),
    path(
        "mentions-legales/",
        views.page,
        {"template": "pages/mentions_legales.html"},
        name="legal",
    ),
    path("aide/", views.page, {"template": "pages/aide.html"}, name="guide"),
    path("aide/ant/", views.page, {"template": "pages/guide_ant.html"}, name="guide_ant"),
    # --- the office's management of roles (issue 9, point 9) ---
    path("bureau/roles/", membership_views.membership_list, name="memberships"),
    path("bureau/roles/attribuer/", membership_views.GrantView.as_view(), name="membership_grant"),
    path("bureau/roles/<int:pk>/fin/", membership_views.end_membership, name="membership_end"),
    path("bureau/invitations/", invitation_views.InviteView.as_view(), name="invitations"),
    path("invitation/<str:token>/", invitation_views.accept_invitation, name="invitation"),
]
