"""The administrators' user-management pages: list, invite, change, deactivate, history."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from dhr.accounts import services as user_services
from dhr.accounts import two_factor
from dhr.accounts.forms import UserFilterForm, UserForm
from dhr.audit import history_entries
from dhr.locking import EditConflict, current_values
from dhr.models import User
from dhr.permissions import AdministratorRequiredMixin

PAGE_SIZE = 25


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class UserListView(AdministratorRequiredMixin, View):
    def get(self, request):
        form = UserFilterForm(request.GET or None)
        users = User.objects.select_related("agency").prefetch_related("partnerships")
        if form.is_valid():
            data = form.cleaned_data
            if data["q"]:
                users = users.filter(
                    Q(full_name__icontains=data["q"]) | Q(email__icontains=data["q"])
                )
            if data["role"]:
                users = users.filter(role=data["role"])
            if data["agency"]:
                users = users.filter(agency=data["agency"])
            if data["status"]:
                users = users.filter(is_active=data["status"] == "active")
        page = Paginator(users.order_by("full_name", "email"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "dhr/users/list.html",
            {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)},
        )


class UserInviteView(AdministratorRequiredMixin, View):
    template_name = "dhr/users/form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": UserForm(), "inviting": True})

    def post(self, request):
        form = UserForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "inviting": True})
        user = user_services.invite_user(base_url=_base_url(request), **form.cleaned_data)
        messages.success(
            request, f"{user.full_name} has been invited. We have e-mailed them a link."
        )
        return redirect("users:detail", pk=user.pk)


class UserDetailView(AdministratorRequiredMixin, View):
    def get(self, request, pk):
        user = get_object_or_404(User.objects.select_related("agency"), pk=pk)
        return render(
            request,
            "dhr/users/detail.html",
            {
                "subject": user,
                "partnerships": list(user.partnerships.all()),
                "two_factor_set_up": two_factor.has_authenticator(user),
            },
        )


class UserEditView(AdministratorRequiredMixin, View):
    template_name = "dhr/users/form.html"

    def get(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        return render(request, self.template_name, {"form": _stored_form(user), "subject": user})

    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        form = UserForm(request.POST, instance=user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "subject": user})
        try:
            user_services.update_user(user, last_seen=form.last_seen, **form.cleaned_data)
        except EditConflict as conflict:
            # Another administrator saved first: the input stays, beside what is stored now.
            form.show_conflict(conflict, reader=request.user)
            stored = current_values(conflict, _stored_form(conflict.current))
            context = {"form": form, "subject": conflict.current, "current_values": stored}
            return render(request, self.template_name, context)
        messages.success(request, f"The changes to {user.full_name} have been saved.")
        return redirect("users:detail", pk=user.pk)


def _stored_form(user: User) -> UserForm:
    """The edit form opened on ``user`` as stored now."""
    return UserForm(instance=user, initial={"role": user.role})


class UserActivationView(AdministratorRequiredMixin, View):
    """Asks for confirmation, then deactivates or reactivates the account."""

    active = False  # what the account becomes

    def get(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        return render(
            request, "dhr/users/confirm_activation.html", {"subject": user, "active": self.active}
        )

    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        try:
            user_services.set_active(user, active=self.active, by=request.user)
        except user_services.UserChangeRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("users:detail", pk=user.pk)
        done = "reactivated" if self.active else "deactivated"
        messages.success(request, f"{user.full_name}'s account has been {done}.")
        return redirect("users:detail", pk=user.pk)


class UserResendInvitationView(AdministratorRequiredMixin, View):
    def post(self, request, pk):
        user = get_object_or_404(User, pk=pk, is_active=True)
        if user.has_usable_password():
            messages.error(request, f"{user.full_name} has already chosen a password.")
        else:
            user_services.send_invitation(user, _base_url(request))
            messages.success(request, f"The invitation has been sent to {user.full_name} again.")
        return redirect("users:detail", pk=user.pk)


class UserHistoryView(AdministratorRequiredMixin, View):
    def get(self, request, pk):
        user = get_object_or_404(User, pk=pk)
        return render(
            request, "dhr/users/history.html", {"subject": user, "entries": history_entries(user)}
        )


class UserExportView(AdministratorRequiredMixin, View):
    """Every user with their role, agency and partnerships, as a spreadsheet (for the periodic
    check of who can see what); written to the access log."""

    def get(self, request):
        from django.utils import timezone

        from dhr.files import downloads, spreadsheets

        users = (
            User.objects.select_related("agency")
            .prefetch_related("partnerships")
            .order_by("full_name", "email")
        )
        rows = (
            [
                user.full_name,
                user.email,
                user.get_role_display(),
                str(user.agency or ""),
                ", ".join(p.name for p in user.partnerships.all()),
                "Active" if user.is_active else "Deactivated",
                timezone.localtime(user.last_login).date() if user.last_login else None,
            ]
            for user in users
        )
        today = timezone.localdate()
        sheet = spreadsheets.Sheet(
            title="Users",
            headings=[
                "Name",
                "E-mail address",
                "Role",
                "Agency",
                "Partnerships",
                "Status",
                "Last signed in",
            ],
            rows=rows,
            preamble=[f"Users on {today:%d %B %Y}"],
            widths=[28, 34, 20, 34, 40, 12, 14],
        )
        content = spreadsheets.xlsx_bytes([sheet])
        downloads.log_download(request, description="Users export", object_type="users")
        return downloads.attachment(
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"users-{today.isoformat()}.xlsx",
        )
