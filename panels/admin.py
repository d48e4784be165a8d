"""The Django admin for the chair pool and, read only, the panels.

The app's pages are where these change (``panels.chairs.services`` and ``panels.chairs.workflow``):
seating an agency grants it access to the review, which an admin form would skip. So panel seats are
shown here, never added, changed or deleted.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from panels.models import ChairConflict, ChairProfile, PanelMember


class ChairConflictInline(admin.TabularInline):
    model = ChairConflict
    extra = 0
    fields = ["agency", "details", "declared_on"]
    autocomplete_fields = ["agency"]


@admin.register(ChairProfile)
class ChairProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "is_available"]
    list_filter = ["is_available"]
    search_fields = ["user__full_name", "user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [ChairConflictInline]


@admin.register(PanelMember)
class PanelMemberAdmin(SimpleHistoryAdmin):
    list_display = ["review", "agency", "role", "added_on"]
    list_filter = ["role"]
    search_fields = ["review__reference", "agency__name"]
    list_select_related = ["review", "agency"]
    readonly_fields = ["review", "agency", "role", "representative", "added_on"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
