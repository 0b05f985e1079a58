"""Users, their roles, and the organisation tree: académie > district / réseau > établissement."""

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.uai import validate_uai


class Academie(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    region_academique = models.CharField(_("région académique"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("académie")
        ordering = ["name"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A grouping of schools inside an académie (Créteil's districts, a bassin elsewhere)."""

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="districts")
    name = models.CharField(_("nom"), max_length=150)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["academie", "name"], name="district_unique_name")
        ]

    def __str__(self):
        return self.name


class Reseau(models.Model):
    """A network of schools (REP/REP+ network, a collège and its écoles, a thematic network)."""

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="reseaux")
    name = models.CharField(_("nom"), max_length=150)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("réseau")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["academie", "name"], name="reseau_unique_name")
        ]

    def __str__(self):
        return self.name


# --- programmes: the first degree's circonscriptions and their IEN (issue 10) ---
class Circonscription(models.Model):
    """A first-degree circonscription: its IEN states its training needs and organises the
    animations pédagogiques of its écoles."""

    academie = models.ForeignKey(
        Academie, on_delete=models.PROTECT, related_name="circonscriptions"
    )
    departement = models.CharField(_("département"), max_length=3)
    name = models.CharField(_("nom"), max_length=150)
    inspector = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="circonscriptions",
        verbose_name=_("inspecteur ou inspectrice (IEN)"),
    )

    class Meta:
        verbose_name = _("circonscription")
        ordering = ["departement", "name"]
        constraints = [
            models.UniqueConstraint(fields=["academie", "name"], name="circonscription_unique_name")
        ]

    def __str__(self):
        return self.name


class Etablissement(models.Model):
    class Statut(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVE = "prive", _("Privé")

    uai = models.CharField(_("UAI"), max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=60, blank=True)
    statut = models.CharField(_("statut"), max_length=10, choices=Statut.choices)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="etablissements")
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="etablissements"
    )
    reseau = models.ForeignKey(
        Reseau, on_delete=models.SET_NULL, null=True, blank=True, related_name="etablissements"
    )
    # --- programmes: an école's circonscription (issue 10) ---
    circonscription = models.ForeignKey(
        Circonscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="etablissements",
        verbose_name=_("circonscription"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("établissement")
        ordering = ["name"]
        indexes = [models.Index(fields=["academie", "departement"])]

    def __str__(self):
        return f"{self.name} ({self.commune})" if self.commune else self.name


class Corps(models.TextChoices):
    PE = "PE", _("Professeur des écoles")
    CERTIFIE = "certifie", _("Certifié")
    AGREGE = "agrege", _("Agrégé")
    PEPS = "PEPS", _("Professeur d'EPS")
    PLP = "PLP", _("Professeur de lycée professionnel")
    CPE = "CPE", _("Conseiller principal d'éducation")
    PSYEN_EDA = "psyen_eda", _("Psy-EN EDA")
    PSYEN_EDO = "psyen_edo", _("Psy-EN EDO")
    PERDIR = "perdir", _("Personnel de direction")
    IEN = "IEN", _("Inspecteur de l'éducation nationale")
    IA_IPR = "IA-IPR", _("IA-IPR")
    ADMINISTRATIF = "administratif", _("Personnel administratif")
    AUTRE = "autre", _("Autre")


# --- programmes: a trainee teacher's status (issue 10) ---
class Statut(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    STAGIAIRE = "stagiaire", _("Stagiaire")
    CONTRACTUEL = "contractuel", _("Contractuel")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Une adresse électronique est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse électronique"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150)
    corps = models.CharField(_("corps"), max_length=20, choices=Corps.choices, blank=True)
    discipline = models.CharField(_("discipline"), max_length=100, blank=True)
    # --- programmes: professeurs stagiaires (issue 10) ---
    statut = models.CharField(
        _("statut"), max_length=20, choices=Statut.choices, default=Statut.TITULAIRE
    )
    # EAFC/DAFOR staff may take newly endorsed requests as one daily summary.
    notification_digest = models.BooleanField(
        _("recevoir un résumé quotidien des nouvelles demandes plutôt qu'un message par demande"),
        default=False,
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("utilisateur")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # Log-in is case-insensitive: store one spelling so two accounts cannot differ by case.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def memberships(self):
        """The user's roles, loaded once per request (the user object lives for one request)."""
        # Current roles only: a membership ended today no longer counts.
        return list(
            self.role_memberships.filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=timezone.localdate())
            ).select_related("academie", "etablissement", "district")
        )


class Role(models.TextChoices):
    ENSEIGNANT = "enseignant", _("Enseignant")
    CHEF_ETABLISSEMENT = "chef_etablissement", _("Chef d'établissement")
    FORMATEUR = "formateur", _("Formateur")
    DAFOR = "dafor", _("EAFC (ex-DAFOR)")
    SAIO = "saio", _("SAIO")
    ADMINISTRATEUR = "administrateur", _("Administrateur")
    # --- districts and the CLIF (issue 9, point 3) ---
    CLIF = "clif", _("Correspondant local en ingénierie de formation (CLIF)")
    # --- opinions of the académie's services (issue 9, point 2) ---
    SERVICE_CONSULTE = "service_consulte", _("Service consulté (avis)")
    # --- programmes (issue 10): the first degree's inspector, who organises M@gistère
    # sessions for their circonscriptions (Circonscription.inspector) ---
    IEN = "ien", _("Inspecteur de l'éducation nationale (IEN)")


# Roles whose scope is one school; every other role is scoped to an académie.
SCHOOL_ROLES = frozenset({Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT})
# Roles whose scope is one district (the CLIF works with the district's « groupe formation »).
DISTRICT_ROLES = frozenset({Role.CLIF})


class RoleMembership(models.Model):
    """One role held by a user, with its scope: a school for teachers and heads, a district
    for the CLIF, an académie for everyone else. The académie is stored for all so that
    scoping is one join. A membership that ends is kept, with its end date (`ended_on`): the
    history shows who held which role when."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_memberships")
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="memberships")
    etablissement = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
    )
    # --- districts and the CLIF; memberships granted and ended in the app (issue 9) ---
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("district"),
    )
    started_on = models.DateField(_("depuis le"), default=timezone.localdate)
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rôle")
        constraints = [
            # School roles: a school; district roles (CLIF): a district; others: neither.
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=sorted(SCHOOL_ROLES),
                        etablissement__isnull=False,
                        district__isnull=True,
                    )
                    | Q(
                        role__in=sorted(DISTRICT_ROLES),
                        district__isnull=False,
                        etablissement__isnull=True,
                    )
                    | (
                        ~Q(role__in=sorted(SCHOOL_ROLES | DISTRICT_ROLES))
                        & Q(etablissement__isnull=True, district__isnull=True)
                    )
                ),
                name="membership_scope_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
            # One current membership per role and scope; ended ones are kept beside it.
            models.UniqueConstraint(
                fields=["user", "role", "etablissement"],
                condition=Q(etablissement__isnull=False, ended_on__isnull=True),
                name="membership_unique_school_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=Q(district__isnull=False, ended_on__isnull=True),
                name="membership_unique_district_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "academie"],
                condition=Q(
                    etablissement__isnull=True, district__isnull=True, ended_on__isnull=True
                ),
                name="membership_unique_academie_role",
            ),
        ]

    def __str__(self):
        scope = self.etablissement or self.district or self.academie
        return f"{self.get_role_display()} — {scope}"

    def save(self, *args, **kwargs):
        if self.etablissement_id:
            self.academie_id = self.etablissement.academie_id
        elif self.district_id:
            self.academie_id = self.district.academie_id
        super().save(*args, **kwargs)

    def is_current(self, day=None):
        return self.ended_on is None or self.ended_on > (day or timezone.localdate())


class FormSubmission(models.Model):
    """A form already posted by a user: the one-time token its page carried, and the page its
    result is on. Inserted first in the transaction that saves the form (accounts/submissions.py):
    a second post of the same form waits on the unique index, then finds this row and is sent to
    the first one's result instead of saving again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="form_submissions")
    token = models.UUIDField(_("jeton"))
    result_url = models.CharField(_("adresse du résultat"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("formulaire envoyé")
        verbose_name_plural = _("formulaires envoyés")
        constraints = [
            # Per user: another user's token is a different submission, never a way to theirs.
            models.UniqueConstraint(fields=["user", "token"], name="form_submission_unique_token")
        ]

    def __str__(self):
        return f"{self.user_id}: {self.token}"


# --- invitations (issue 9, point 9) ---
class Invitation(models.Model):
    """The office invites a person who has no account yet. The e-mail goes through the outbox,
    which writes to a user: the account exists from the invitation, inactive and without a
    password, and becomes usable when the person opens the link and chooses a password (their
    first log-in), which also gives them the role. Only the token's hash is stored."""

    email = models.EmailField(_("adresse électronique"))
    full_name = models.CharField(_("nom complet"), max_length=150)
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("valable jusqu'au"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        verbose_name = _("invitation")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    def is_expired(self, now=None):
        return (now or timezone.now()) >= self.expires_at
