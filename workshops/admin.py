"""Sessions in the technical administration, with their history; the school holidays the
scheduling rules read (loaded by `load_school_calendar`)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workshops.models import (
    CalendarFeed,
    Participant,
    ReminderSent,
    SchoolHoliday,
    Session,
    SessionTrainer,
)


class SessionTrainerInline(admin.TabularInline):
    model = SessionTrainer
    extra = 0
    raw_id_fields = ["user"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    raw_id_fields = ["user", "observation_request", "attendance_marked_by"]


@admin.register(Session)
class SessionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "kind", "starts_at", "host_school", "status"]
    list_filter = ["academie", "kind", "status", "public"]
    search_fields = ["title", "host_school__name", "host_school__uai"]
    date_hierarchy = "starts_at"
    list_select_related = ["programme", "host_school"]
    raw_id_fields = [
        "programme",
        "ant_request",
        "parcours_session",
        "trainer_team",
        "training_module",
        "cohort",
        "host_school",
        "created_by",
    ]
    inlines = [SessionTrainerInline, ParticipantInline]


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "zone", "first_day", "last_day"]
    list_filter = ["zone", "school_year"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["session", "user", "lead", "sent_at"]
    raw_id_fields = ["session", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    raw_id_fields = ["user"]
    exclude = ["token"]
