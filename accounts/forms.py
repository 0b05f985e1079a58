from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.login import lift_lockout, may_send_password_reset, normalize_email
from accounts.models import Role, User
from accounts.permissions import has_role
from dsfr_crispy.layout import Submit
from notifications.services import notify


def _helper(label, **attrs):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    for key, value in attrs.items():
        setattr(helper, key, value)
    return helper


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Après plusieurs essais "
            "infructueux, le compte est bloqué pour quelques minutes."
        ),
        "inactive": _("Ce compte est désactivé."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Se connecter"))

    def clean_username(self):
        # The spelling accounts are stored under, which the lockout counts too.
        return normalize_email(self.cleaned_data["username"])


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset link through the outbox (e-mail only, never into the inbox)."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Recevoir un lien"))

    def save(self, *args, request, **kwargs):
        # Throttled or not, the view answers the same page: nothing tells whether it went.
        if may_send_password_reset(request, self.cleaned_data["email"]):
            super().save(*args, request=request, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        url = reverse(
            "password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        notify(recipient=context["user"], kind="password_reset", url=url, in_inbox=False)


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Enregistrer le mot de passe"))

    def save(self, commit=True):
        user = super().save(commit=commit)
        lift_lockout(user)
        return user


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Changer le mot de passe"))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "corps", "discipline", "notification_digest"]
        help_texts = {
            "discipline": _("Par exemple : mathématiques, documentation, lettres-histoire."),
        }
        # A blank name gets the same guidance as a too-short one, not "Ce champ est obligatoire".
        error_messages = {"full_name": {"required": _("Indiquez votre prénom et votre nom.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Enregistrer"))
        # Only the office receives endorsed requests: others have no digest to choose.
        if not has_role(self.instance, Role.DAFOR):
            del self.fields["notification_digest"]

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Indiquez votre prénom et votre nom."))
        return name
