"""The programmes in the technical administration (with their history). Staff edit their
programme in the app; this is the administrators' view of every row."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Etablissement, User
from programmes.models import (
    AccompanimentRequest,
    ActivityProgress,
    Ambassador,
    Animateur,
    AnimateurStatus,
    AnimationHoursRule,
    Brigade,
    Cohort,
    CohortDiscipline,
    Commitment,
    Convention,
    ConventionSignatory,
    Enrolment,
    Equipment,
    ModuleCompletion,
    NeedsDiagnostic,
    ObservationRequest,
    Parcours,
    ParcoursActivity,
    ParcoursKitFile,
    ParcoursSession,
    Partner,
    PortfolioEntry,
    Programme,
    ProgrammeContact,
    ProgrammeMembership,
    ProgrammeResource,
    Promotion,
    ServiceShare,
    SessionStep,
    TrainerTeam,
    TrainingModule,
)


# --- catalogue (issue 10, point 1) ---
@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ProgrammeContactInline(admin.TabularInline):
    model = ProgrammeContact
    extra = 0


class ProgrammeResourceInline(admin.TabularInline):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    model = ProgrammeResource
    extra = 0


class ProgrammeMembershipInline(admin.TabularInline):
    model = ProgrammeMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "academie", "kind", "status", "period"]
    list_filter = ["academie", "kind", "status"]
    list_select_related = ["academie"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProgrammeContactInline, ProgrammeResourceInline, ProgrammeMembershipInline]


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "programme", "function", "started_on", "ended_on"]
    list_filter = ["function", "programme"]
    list_select_related = ["user", "programme"]
    search_fields = ["user__full_name", "user__email", "programme__title"]
    autocomplete_fields = ["user"]


class ParcoursActivityInline(admin.TabularInline):
    model = ParcoursActivity
    extra = 0


@admin.register(Parcours)
class ParcoursAdmin(SimpleHistoryAdmin):
    list_display = ["title", "academie", "audience", "degree", "producer", "origin", "kind"]
    list_filter = ["audience", "degree", "producer", "origin", "kind"]
    list_select_related = ["academie"]
    search_fields = ["title", "objectives"]
    inlines = [ParcoursActivityInline]


@admin.register(ParcoursActivity)
class ParcoursActivityAdmin(SimpleHistoryAdmin):
    list_display = ["parcours", "order", "title", "type", "grouping", "modality"]
    list_filter = ["type", "grouping", "modality"]
    list_select_related = ["parcours"]
    search_fields = ["title", "parcours__title"]


# --- every programme's records (issue 10, points 2 to 5): read in the technical
# administration with their history; staff work in the app. Links to people and schools are
# typed as identifiers (`raw_id_fields`): a select of every account would not load. ---
class ProgrammeRecordAdmin(SimpleHistoryAdmin):
    """Opens a programme's record with its people and schools as identifiers."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (User, Etablissement):
            kwargs["widget"] = widgets.ForeignKeyRawIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


for model in (
    # the catalogue's contacts and resources (also inline on their programme)
    ProgrammeContact,
    ProgrammeResource,
    # ambition-confiance
    Brigade,
    Promotion,
    TrainingModule,
    Animateur,
    AnimateurStatus,
    ModuleCompletion,
    TrainerTeam,
    ObservationRequest,
    # Ambassadeurs du numérique
    Convention,
    ConventionSignatory,
    Commitment,
    Cohort,
    CohortDiscipline,
    Ambassador,
    AccompanimentRequest,
    PortfolioEntry,
    Equipment,
    # M@gistère
    ParcoursKitFile,
    NeedsDiagnostic,
    ParcoursSession,
    SessionStep,
    Enrolment,
    ActivityProgress,
    # training record
    AnimationHoursRule,
    ServiceShare,
):
    admin.site.register(model, ProgrammeRecordAdmin)
