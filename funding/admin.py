"""The funded operations in the technical administration, with their history. Administrators
edit the records in the app; this is the view of every row, every académie's."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from funding.models import (
    Action,
    ActionObjective,
    ConsortiumMember,
    Deliverable,
    FundingLine,
    FundParticipant,
    IndicatorValue,
    Operation,
    OperationalProgramme,
    OperationObjective,
    PortfolioPage,
    ProgrammeObjective,
)


class ProgrammeObjectiveInline(admin.TabularInline):
    model = ProgrammeObjective
    extra = 0


@admin.register(OperationalProgramme)
class OperationalProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "period", "funds", "eu_rate_ceiling"]
    list_filter = ["funds"]
    search_fields = ["name"]
    inlines = [ProgrammeObjectiveInline]


@admin.register(ProgrammeObjective)
class ProgrammeObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["code", "label", "kind", "programme"]
    list_filter = ["kind", "programme"]
    search_fields = ["code", "label"]


class FundingLineInline(admin.TabularInline):
    model = FundingLine
    extra = 0


class OperationObjectiveInline(admin.TabularInline):
    model = OperationObjective
    extra = 0


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    show_change_link = True


class ConsortiumMemberInline(admin.TabularInline):
    model = ConsortiumMember
    extra = 0
    autocomplete_fields = ["partner"]


@admin.register(Operation)
class OperationAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "acronym",
        "academie",
        "fund",
        "starts_on",
        "ends_on",
        "status",
        "plan_status",
    ]
    list_filter = ["academie", "fund", "status", "plan_status"]
    search_fields = ["name", "acronym", "slug"]
    list_select_related = ["academie"]
    autocomplete_fields = ["predecessor", "objective"]
    inlines = [FundingLineInline, OperationObjectiveInline, ActionInline, ConsortiumMemberInline]


@admin.register(FundingLine)
class FundingLineAdmin(SimpleHistoryAdmin):
    list_display = ["operation", "resource", "label", "status", "amount"]
    list_filter = ["resource", "status"]
    list_select_related = ["operation"]
    search_fields = ["operation__name", "label"]


@admin.register(OperationObjective)
class OperationObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["operation", "order", "kind", "text"]
    list_select_related = ["operation"]


class ActionObjectiveInline(admin.TabularInline):
    model = ActionObjective
    extra = 0
    formfield_overrides = {models.TextField: {"widget": admin.widgets.AdminTextInputWidget}}


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["operation", "kind", "number", "title", "budget_share"]
    list_filter = ["kind"]
    list_select_related = ["operation"]
    search_fields = ["operation__name", "title"]
    inlines = [ActionObjectiveInline, DeliverableInline]


@admin.register(ActionObjective)
class ActionObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["action", "order", "text"]
    list_select_related = ["action", "action__operation"]


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "kind", "action", "due_on", "delivered_on"]
    list_filter = ["kind"]
    list_select_related = ["action"]


@admin.register(ConsortiumMember)
class ConsortiumMemberAdmin(SimpleHistoryAdmin):
    list_display = ["operation", "partner", "role", "joined_on"]
    list_filter = ["role"]
    list_select_related = ["operation", "partner"]
    autocomplete_fields = ["partner"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = [
        "operation",
        "action",
        "indicator",
        "period_start",
        "period_end",
        "women",
        "men",
    ]
    list_filter = ["indicator"]
    list_select_related = ["operation", "action"]


@admin.register(FundParticipant)
class FundParticipantAdmin(admin.ModelAdmin):
    """No history, on purpose: their erasure at `retain_until` must be complete."""

    list_display = ["reference", "operation", "entered_on", "left_on", "retain_until"]
    list_filter = ["operation"]
    list_select_related = ["operation"]
    search_fields = ["reference"]
    exclude = ["recorded_by"]


@admin.register(PortfolioPage)
class PortfolioPageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "academie", "updated_on"]
