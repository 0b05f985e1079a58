from django.contrib import admin

from exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["label", "owner", "kind", "format", "status", "rows_done", "created_at"]
    list_filter = ["status", "kind", "format"]
    search_fields = ["label", "owner__email"]
    readonly_fields = [
        "owner", "kind", "label", "params", "format", "status", "rows_done", "rows_total",
        "file", "created_at", "updated_at", "finished_at", "error",
    ]  # fmt: skip
    list_select_related = ["owner"]

    def has_add_permission(self, request):
        return False
