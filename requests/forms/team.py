"""Forms of the team's and the heads' side of ANT requests (the request, its team, its page).

The office's forms live in forms_office.py, the trainers' in forms_trainers.py."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Academie, District, Etablissement, Reseau, Role
from accounts.permissions import district_ids as user_district_ids
from accounts.permissions import etablissement_ids
from accounts.submissions import TOKEN_FIELD, SubmissionTokenMixin
from dsfr_crispy.layout import Submit
from requests.models import AntRequest, Campaign, Scale, SubmissionWindow, Theme

# Attachments are PDFs of at most 5 Mo (checked on the content, not on the name).
ANT_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"

# The fields of the request the team writes (the rest belongs to the workflow and the office).
PROJECT_FIELDS = [
    "scale",
    "coordinating_school",
    "district",
    "reseau",
    "theme",
    "own_theme",
    "title",
    "professional_questions",
    "expected_outcomes",
    "public_count",
    "public_categories",
    "preferred_periods",
    "constraints_text",
    "proposed_host_school",  # districts and the CLIF (issue 9, point 3)
]


def _helper(label, *, action=None, secondary=False):
    helper = FormHelper()
    if action:
        helper.form_action = action
    helper.add_input(Submit("submit", label, secondary=secondary))
    return helper


def published_campaigns(user, today=None):
    """Campaigns a member of a school may draft for: their académies' campaigns whose
    catalogue is published, newest first."""
    today = today or timezone.localdate()
    schools = Etablissement.objects.filter(
        pk__in=etablissement_ids(user, Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT)
    )
    # A CLIF drafts for their districts' académie (issue 9, point 3).
    academies = Academie.objects.filter(
        Q(etablissements__in=schools) | Q(districts__in=user_district_ids(user, Role.CLIF))
    )
    # A closed campaign (every window closed) takes no new draft (issue 9, point 11); one
    # whose windows are not set yet still does.
    windows = SubmissionWindow.objects.filter(campaign=OuterRef("pk"))
    still_open = windows.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    return (
        Campaign.objects.filter(academie__in=academies, published_on__lte=today)
        .filter(Exists(still_open) | ~Exists(windows))
        # An ended campaign closes its open-ended windows too (issue 9, point 7).
        .exclude(ends_on__lt=today)
        .order_by("-school_year", "-published_on", "-pk")
    )


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_kind_display().lower()})"


class AntRequestForm(SubmissionTokenMixin, forms.ModelForm):
    """The team's request. On creation the campaign and the coordinating school are chosen;
    afterwards they are fixed (the reference and the endorsing head depend on them)."""

    schools = forms.ModelMultipleChoiceField(
        label=_("Établissements concernés"),
        queryset=Etablissement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Pour un district ou un réseau : cochez les établissements qui participent ; "
            "sans case cochée, tous ceux du district ou du réseau sont retenus. Pour un "
            "établissement, seul l'établissement coordonnateur est concerné."
        ),
    )
    theme = ThemeChoiceField(
        label=_("Thématique du catalogue"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("— Aucune : l'équipe propose sa thématique —"),
    )
    public_count = forms.IntegerField(
        label=_("Nombre de personnels concernés"),
        min_value=1,
        error_messages={
            "required": _("Indiquez le nombre de personnels concernés."),
            "min_value": _("Au moins une personne doit être concernée."),
        },
    )

    class Meta:
        model = AntRequest
        fields = ["campaign", *PROJECT_FIELDS[:4], "schools", *PROJECT_FIELDS[4:]]
        labels = {
            "campaign": _("Campagne"),
            "scale": _("Échelle du projet"),
            "coordinating_school": _("Établissement coordonnateur"),
            "district": _("District"),
            "reseau": _("Réseau"),
            "own_theme": _("Ou thématique proposée par l'équipe"),
            "title": _("Intitulé du projet"),
            "professional_questions": _("Questionnements professionnels de l'équipe"),
            "expected_outcomes": _("Effets attendus"),
            "public_categories": _("Catégories de personnels"),
            "preferred_periods": _("Périodes souhaitées"),
            "constraints_text": _("Contraintes"),
        }
        help_texts = {
            "campaign": _("Les campagnes dont le catalogue est publié."),
            "coordinating_school": _("L'établissement dont le chef visera la demande."),
            "district": _("Pour un projet à l'échelle d'un district."),
            "reseau": _("Pour un projet à l'échelle d'un réseau."),
            "own_theme": _(
                "Si aucune thématique du catalogue ne convient, nommez celle de l'équipe. "
                "Choisissez l'une ou l'autre, pas les deux."
            ),
            "professional_questions": _(
                "Les questions que l'équipe se pose sur ses pratiques et auxquelles la "
                "formation doit aider à répondre."
            ),
            "expected_outcomes": _("Ce qui devrait changer pour les élèves et pour l'équipe."),
            "public_categories": _("Par exemple : enseignants, CPE, professeurs documentalistes."),
            "preferred_periods": _("Par exemple : premier trimestre, mercredis après-midi."),
            "constraints_text": _("Emplois du temps, locaux, dates à éviter…"),
        }
        widgets = {
            "scale": forms.RadioSelect,
            "professional_questions": forms.Textarea(attrs={"rows": 5}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 4}),
            "constraints_text": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "campaign": {"required": _("Choisissez la campagne.")},
            "scale": {"required": _("Choisissez l'échelle du projet.")},
            "coordinating_school": {"required": _("Choisissez l'établissement coordonnateur.")},
            "title": {"required": _("Donnez un intitulé au projet.")},
            "professional_questions": {
                "required": _("Décrivez les questionnements professionnels de l'équipe.")
            },
            "expected_outcomes": {"required": _("Décrivez les effets attendus.")},
            "public_categories": {"required": _("Indiquez les catégories de personnels.")},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        # A CLIF coordinates for the schools of their districts (issue 9, point 3).
        self.clif_districts = user_district_ids(user, Role.CLIF)
        own_schools = Etablissement.objects.filter(
            Q(pk__in=etablissement_ids(user, Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT))
            | Q(district_id__in=self.clif_districts)
        ).select_related("district", "reseau")

        fields = self.fields
        if editing:
            # Fixed once the draft exists: shown, not posted.
            fields["campaign"].queryset = Campaign.objects.filter(pk=self.instance.campaign_id)
            fields["campaign"].disabled = True
            fields["coordinating_school"].queryset = Etablissement.objects.filter(
                pk=self.instance.coordinating_school_id
            )
            fields["coordinating_school"].disabled = True
            campaigns = [self.instance.campaign_id]
            anchor_schools = [self.instance.coordinating_school]
            fields["schools"].initial = [s.pk for s in self.instance.schools.all()]
        else:
            campaign_qs = published_campaigns(user)
            fields["campaign"].queryset = campaign_qs
            fields["campaign"].empty_label = None
            newest = campaign_qs.first()
            if newest:
                fields["campaign"].initial = newest.pk
            fields["coordinating_school"].queryset = own_schools
            fields["coordinating_school"].empty_label = None
            teaching = etablissement_ids(user, Role.ENSEIGNANT)
            default_school = next((s for s in own_schools if s.pk in teaching), None)
            if default_school is None:
                default_school = next(iter(own_schools), None)
            if default_school:
                fields["coordinating_school"].initial = default_school.pk
            campaigns = list(campaign_qs.values_list("pk", flat=True))
            anchor_schools = list(own_schools)
            fields["scale"].initial = Scale.ETABLISSEMENT

        # A district or réseau project is coordinated from inside it: offer the districts and
        # réseaux of the coordinating school(s), and their schools.
        district_ids = {s.district_id for s in anchor_schools if s.district_id}
        reseau_ids = {s.reseau_id for s in anchor_schools if s.reseau_id}
        fields["district"].queryset = District.objects.filter(pk__in=district_ids)
        fields["reseau"].queryset = Reseau.objects.filter(pk__in=reseau_ids)
        fields["district"].empty_label = _("— Sans objet —")
        fields["reseau"].empty_label = _("— Sans objet —")
        fields["schools"].queryset = Etablissement.objects.filter(
            Q(district_id__in=district_ids) | Q(reseau_id__in=reseau_ids)
        ).order_by("name")
        fields["theme"].queryset = (
            Theme.objects.filter(campaign_id__in=campaigns)
            .select_related("campaign")
            .order_by("kind", "title")
        )

        # Only the scales the user's schools allow (no district: no district project).
        fields["scale"].choices = [
            (value, label)
            for value, label in Scale.choices
            if (value == Scale.ETABLISSEMENT and not self._clif_only(editing))
            or (value == Scale.DISTRICT and district_ids)
            or (value == Scale.RESEAU and reseau_ids)
        ]
        if self._clif_only(editing):
            fields["scale"].initial = Scale.DISTRICT
            # A CLIF of one district drafts for that district: it is chosen for them.
            if len(self.clif_districts) == 1 and "district" in fields:
                fields["district"].initial = next(iter(self.clif_districts))
        if not district_ids:
            del fields["district"]
        if not reseau_ids:
            del fields["reseau"]
        if not district_ids and not reseau_ids:
            del fields["schools"]
            del fields["proposed_host_school"]
        else:
            host = fields["proposed_host_school"]
            host.queryset = fields["schools"].queryset
            host.empty_label = _("— Pas encore de proposition —")
            host.label = _("Établissement d'accueil proposé")
            host.help_text = _(
                "Pour un district ou un réseau : l'établissement qui accueillerait la "
                "formation, à l'issue de la concertation avec le groupe formation. L'EAFC "
                "le confirme à la validation."
            )

        self.helper = FormHelper()
        self.helper.layout = Layout(
            *[name for name in (TOKEN_FIELD,) if name in fields],
            Fieldset(
                _("Le cadre"),
                *[
                    name
                    for name in (
                        "campaign",
                        "scale",
                        "coordinating_school",
                        "district",
                        "reseau",
                        "schools",
                        "proposed_host_school",
                    )
                    if name in fields
                ],
            ),
            Fieldset(_("La thématique"), "theme", "own_theme"),
            Fieldset(
                _("Le projet"),
                "title",
                "professional_questions",
                "expected_outcomes",
                "public_count",
                "public_categories",
                "preferred_periods",
                "constraints_text",
            ),
        )
        self.helper.add_input(
            Submit(
                "submit",
                _("Enregistrer les modifications") if editing else _("Créer le brouillon"),
            )
        )

    def clean_own_theme(self):
        return " ".join(self.cleaned_data.get("own_theme", "").split())

    def clean(self):
        data = super().clean()
        campaign = data.get("campaign")
        theme = data.get("theme")
        own_theme = data.get("own_theme", "")
        if theme and own_theme:
            self.add_error(
                "own_theme",
                _(
                    "Choisissez une thématique du catalogue ou proposez celle de l'équipe, "
                    "pas les deux."
                ),
            )
        elif not theme and not own_theme and not ({"theme", "own_theme"} & set(self.errors)):
            self.add_error(
                "theme",
                _("Choisissez une thématique du catalogue ou proposez celle de l'équipe."),
            )
        school = data.get("coordinating_school")
        if campaign and school and school.academie_id != campaign.academie_id:
            self.add_error(
                "coordinating_school",
                _("Cet établissement n'est pas dans l'académie de la campagne choisie."),
            )
        if theme and campaign and theme.campaign_id != campaign.pk:
            self.add_error(
                "theme",
                _("Cette thématique n'appartient pas au catalogue de la campagne choisie."),
            )
        self._clean_scale(data)
        self._clean_district_fields(data)
        return data

    # --- districts and the CLIF (issue 9, point 3) ---
    def _clif_only(self, editing):
        """A CLIF with no role in a school drafts district and réseau projects only."""
        return (
            not editing
            and bool(self.clif_districts)
            and not etablissement_ids(self.user, Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT)
        )

    def _clean_district_fields(self, data):
        """The proposed host school is one of the schools concerned; a CLIF's project stays
        within the CLIF's districts."""
        if "proposed_host_school" not in self.fields:
            return
        schools = list(data.get("schools") or [])
        if data.get("scale") == Scale.ETABLISSEMENT:
            data["proposed_host_school"] = None
        proposed = data.get("proposed_host_school")
        if proposed and schools and proposed not in schools:
            self.add_error(
                "proposed_host_school",
                _("L'établissement d'accueil proposé doit être l'un des établissements concernés."),
            )
        if self._clif_only(self.instance.pk is not None):
            outside = [s for s in schools if s.district_id not in self.clif_districts]
            if outside and "schools" not in self.errors:
                self.add_error(
                    "schools",
                    _(
                        "Ces établissements ne sont pas dans votre district : %(names)s. "
                        "Cochez les établissements du district qui participent."
                    )
                    % {"names": ", ".join(str(s) for s in outside)},
                )

    def _clean_scale(self, data):
        scale = data.get("scale")
        school = data.get("coordinating_school")
        chosen = list(data.get("schools") or [])
        if not scale or not school:
            return
        if scale == Scale.ETABLISSEMENT:
            data["district"] = None
            data["reseau"] = None
            data["schools"] = [school]
            return
        field, other, group_label = (
            ("district", "reseau", _("district"))
            if scale == Scale.DISTRICT
            else ("reseau", "district", _("réseau"))
        )
        data[other] = None
        group = data.get(field)
        if group is None:
            if field not in self.errors:
                self.add_error(
                    field, _("Choisissez le %(group)s du projet.") % {"group": group_label}
                )
            return
        if getattr(school, f"{field}_id") != group.pk:
            self.add_error(
                "coordinating_school",
                _("L'établissement coordonnateur n'appartient pas à ce %(group)s.")
                % {"group": group_label},
            )
            return
        outside = [s for s in chosen if getattr(s, f"{field}_id") != group.pk]
        if outside:
            self.add_error(
                "schools",
                _("Ces établissements n'appartiennent pas au %(group)s choisi : %(names)s.")
                % {"group": group_label, "names": ", ".join(str(s) for s in outside)},
            )
            return
        if not chosen:
            chosen = list(Etablissement.objects.filter(**{field: group}))
        if school not in chosen:
            chosen.append(school)
        data["schools"] = chosen

    def project_fields(self):
        """The cleaned values to write on the request (campaign and schools aside)."""
        names = PROJECT_FIELDS
        if self.instance.pk is not None:
            names = [n for n in names if n != "coordinating_school"]
        return {name: self.cleaned_data.get(name) for name in names}


# The request page's small forms ------------------------------------------------------------
class ReadOnceChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices from the queryset's own results: Django's iterator reads the database each time
    the choices are iterated (the select's template and its widget each do), this one once.
    For short lists only (it keeps the rows)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class HostSchoolField(forms.ModelChoiceField):
    iterator = ReadOnceChoiceIterator


class TransitionForm(SubmissionTokenMixin, forms.Form):
    """One available transition: a comment (required when the table says so) and, for the
    decision to validate, the host school and the planned hours."""

    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, transition, ant, action=None, **kwargs):
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition, self.ant = transition, ant
        comment = self.fields["comment"]
        comment.required = transition.comment_required
        # Each box named for its action: several forms share the page (issue 9, point 11).
        comment.label = (
            _("Commentaire pour « %(action)s » (obligatoire)")
            if transition.comment_required
            else _("Commentaire pour « %(action)s » (facultatif)")
        ) % {"action": transition.label}
        comment.error_messages["required"] = _("Un commentaire est obligatoire pour cette action.")
        if transition.name == "validate":
            self.fields["host_school"] = HostSchoolField(
                label=_("Établissement d'accueil"),
                # The schools concerned and their neighbours (same district or réseau):
                # a bounded list, not the académie's thousands of schools.
                queryset=host_school_choices(ant),
                # The proposal of the CLIF or the team first: the office confirms it.
                initial=(
                    ant.host_school_id or ant.proposed_host_school_id or ant.coordinating_school_id
                ),
                error_messages={"required": _("Indiquez l'établissement d'accueil.")},
            )
            if ant.proposed_host_school_id:
                self.fields["host_school"].help_text = _(
                    "Proposé par le coordonnateur : %(school)s. Confirmez-le ou choisissez-en "
                    "un autre."
                ) % {"school": ant.proposed_host_school}
            self.fields["planned_hours"] = forms.DecimalField(
                label=_("Volume prévu (heures)"),
                min_value=0.5,
                max_digits=5,
                decimal_places=1,
                localize=True,
                initial=ant.planned_hours,
                error_messages={
                    "required": _("Indiquez le volume prévu, en heures."),
                    "min_value": _("Le volume prévu doit être positif."),
                },
            )
        secondary = transition.name in ("return_to_team", "reject", "cancel", "postpone")
        self.helper = _helper(transition.label, action=action, secondary=secondary)

    def perform_data(self):
        data = {}
        if "host_school" in self.cleaned_data:
            data["host_school"] = self.cleaned_data["host_school"]
            data["planned_hours"] = self.cleaned_data["planned_hours"]
        return data


def host_school_choices(ant):
    """The schools offered to host the training: the coordinating school, the schools
    concerned, and those of the coordinating school's district or réseau."""
    coordinating = ant.coordinating_school
    near = Q(pk__in=[coordinating.pk, *(school.pk for school in ant.schools.all())])
    if coordinating.district_id:
        near |= Q(district_id=coordinating.district_id)
    if coordinating.reseau_id:
        near |= Q(reseau_id=coordinating.reseau_id)
    return (
        Etablissement.objects.filter(near, academie_id=ant.academie_id)
        .only("pk", "name", "commune")
        .order_by("name")
    )


class RequestPageForm(SubmissionTokenMixin, forms.Form):
    """A small form of the request page that adds something: posted to `action`, its submit
    button labelled `submit_label`, sent once (its one-time token)."""

    submit_label = ""
    secondary = False

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self.submit_label, action=action, secondary=self.secondary)


class InviteForm(RequestPageForm):
    email = forms.EmailField(
        label=_("Adresse électronique du collègue"),
        help_text=_("Un personnel d'un des établissements concernés, qui a un compte ici."),
        error_messages={
            "required": _("Indiquez l'adresse électronique du collègue."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )

    prefix = "invite"
    submit_label = _("Inviter")


class AttachmentForm(RequestPageForm):
    file = forms.FileField(
        label=_("Ajouter une pièce jointe"),
        help_text=_("Un fichier PDF de 5 Mo au plus."),
        error_messages={
            "required": _("Choisissez un fichier PDF."),
            "empty": _("Le fichier est vide."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    prefix = "piece"
    submit_label = _("Envoyer le fichier")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ANT_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."))
        # The name and the declared type are the sender's word: read the file's own header.
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        upload.seek(0)
        if head != PDF_MAGIC:
            raise forms.ValidationError(_("Seuls les fichiers PDF sont acceptés."))
        if not upload.name.lower().endswith(".pdf"):
            upload.name = f"{upload.name}.pdf"
        return upload


class MessageForm(RequestPageForm):
    body = forms.CharField(
        label=_("Votre message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez votre message.")},
    )

    prefix = "message"
    submit_label = _("Envoyer")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Écrivez votre message."))
        return body


class StaffNoteForm(RequestPageForm):
    body = forms.CharField(
        label=_("Note interne"),
        help_text=_("Visible du seul service de formation : ni l'équipe ni le chef ne la voient."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Écrivez la note.")},
    )

    prefix = "note"
    submit_label = _("Ajouter la note")
    secondary = True


class DiagnosticNoteForm(RequestPageForm):
    meeting_on = forms.DateField(
        label=_("Date de la réunion"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de la réunion."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    body = forms.CharField(
        label=_("Compte rendu"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez le compte rendu.")},
    )

    prefix = "diag"
    submit_label = _("Ajouter le compte rendu")
    secondary = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_on"].initial = timezone.localdate()
