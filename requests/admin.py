"""The Django admin of what issue 9 added to the ANT: diagnostic meetings, training projects
and their versions, opinions of the académie's services and the heads' broadcasts. Each is a
record of what was said or done, written by the workflow's services (`requests/services.py`)
with its notices: the admin shows them and never edits them, so the versions of a training
project, an answered opinion or a sent broadcast stay as they were."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from requests.models import (
    CampaignBroadcast,
    DiagnosticMeeting,
    OpinionRequest,
    TrainingProject,
    TrainingProjectRevision,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, searched and filtered; never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DiagnosticMeeting)
class DiagnosticMeetingAdmin(ReadOnlyAdmin):
    list_display = ["request", "held_on", "recorded_by", "recorded_at"]
    list_select_related = ["request", "recorded_by"]
    list_filter = ["request__academie"]
    search_fields = ["request__reference", "request__title", "findings"]
    date_hierarchy = "held_on"


class RevisionInline(admin.StackedInline):
    model = TrainingProjectRevision
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrainingProject)
class TrainingProjectAdmin(ReadOnlyAdmin):
    list_display = ["request", "created_at"]
    list_select_related = ["request"]
    search_fields = ["request__reference", "request__title"]
    inlines = [RevisionInline]


@admin.register(TrainingProjectRevision)
class TrainingProjectRevisionAdmin(ReadOnlyAdmin):
    list_display = ["project", "number", "session_count", "hours_per_session", "author"]
    list_select_related = ["project", "author"]
    search_fields = ["project__request__reference", "objectives", "change_note"]


@admin.register(OpinionRequest)
class OpinionRequestAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["request", "expert", "service", "due_on", "answered_at", "verdict"]
    list_select_related = ["request", "expert"]
    list_filter = ["verdict", "request__academie"]
    search_fields = ["request__reference", "expert__full_name", "service", "question"]
    date_hierarchy = "created_at"


@admin.register(CampaignBroadcast)
class CampaignBroadcastAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "school", "sent_by", "sent_at", "recipients"]
    list_select_related = ["campaign", "school", "sent_by"]
    list_filter = ["campaign__academie"]
    search_fields = ["school__name", "school__uai", "campaign__title"]
