"""The Django admin for administrators: organisations and users, with their history."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from dhr.models import Agency, Partnership, User


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "code"]


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Roles are changed on the app's user pages (they keep group and role in step)."""

    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "agency", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    search_fields = ["full_name", "email"]
    readonly_fields = ["role", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        ("Organisation", {"fields": ["role", "agency", "partnerships"]}),
        ("Status", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]
    filter_horizontal = ["partnerships"]
