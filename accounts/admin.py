from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Academie, District, Etablissement, Reseau, RoleMembership, User


class RoleMembershipInline(admin.TabularInline):
    model = RoleMembership
    extra = 0
    autocomplete_fields = ["etablissement"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "corps", "is_active"]
    search_fields = ["full_name", "email"]
    list_filter = ["is_active", "corps", "role_memberships__role"]
    inlines = [RoleMembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["full_name", "corps", "discipline"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]


@admin.register(Academie)
class AcademieAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "region_academique", "is_active"]
    search_fields = ["name", "code"]


@admin.register(District, Reseau)
class GroupingAdmin(SimpleHistoryAdmin):
    list_display = ["name", "academie"]
    list_filter = ["academie"]
    search_fields = ["name"]


@admin.register(Etablissement)
class EtablissementAdmin(SimpleHistoryAdmin):
    list_display = ["uai", "name", "type", "commune", "departement", "academie"]
    list_filter = ["academie", "statut", "type"]
    search_fields = ["uai", "name", "commune"]
    list_select_related = ["academie"]
