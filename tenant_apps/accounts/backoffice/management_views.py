"""Back-office pages for users, groups and org units (P6). Views parse input, call one
selector or service and render; data scope is applied by the selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, ListView, TemplateView
from django_htmx.http import HttpResponseClientRedirect

from core.errors import ApplicationError
from core.web.views import BackofficeMixin
from tenant_apps.accounts import selectors, services
from tenant_apps.accounts.backoffice.forms import (
    USER_KINDS,
    GroupForm,
    OrgUnitForm,
    UserForm,
    add_service_errors,
)
from tenant_apps.accounts.enums import OrgUnitKind
from tenant_apps.accounts.security import user_unlock

# A new unit under a parent of this kind is most likely of that kind.
CHILD_KIND = {OrgUnitKind.COLLEGE: OrgUnitKind.MAJOR, OrgUnitKind.MAJOR: OrgUnitKind.CLASS, OrgUnitKind.DEPARTMENT: OrgUnitKind.DEPARTMENT}


def _get_or_404(selector, **kwargs):
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _redirect(request, url: str):
    """After a POST: htmx requests are told to navigate, plain form posts are redirected."""
    return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)


class LoadsObject:
    """Loads the page's object after BackofficeMixin checked permissions (list it after the
    mixin), so that a missing permission is a 403 whatever the id."""

    def dispatch(self, request, *args, **kwargs):
        self.load_object(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load_object(self, **kwargs) -> None:
        pass


class ServiceFormView(BackofficeMixin, LoadsObject, FormView):
    """A form whose valid data goes to one service; the service's ApplicationError fields are
    shown next to the form fields."""

    success_message = ""

    def run(self, form):  # returns the saved object
        raise NotImplementedError

    def success_url_for(self, obj) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            obj = self.run(form)
        except ApplicationError as exc:
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(obj))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


# --- users ---------------------------------------------------------------------------------


class UserListView(BackofficeMixin, ListView):
    permission_required = "accounts.view_user"
    template_name = "accounts/backoffice/users/list.html"
    page_title = "用户管理"
    context_object_name = "accounts"
    paginate_by = 20

    def get_queryset(self):
        params = self.request.GET
        active = params.get("active", "")
        self.filters = {
            "search": params.get("q", "").strip(),
            "kind": params.get("kind", "") if params.get("kind", "") in dict(USER_KINDS) else "",
            "group_id": _int_or_none(params.get("group")),
            "org_unit_id": _int_or_none(params.get("org_unit")),
            "is_active": {"1": True, "0": False}.get(active),
        }
        return selectors.user_list(actor=self.request.user, **self.filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        rest = urlencode([(key, value) for key, value in params.items() if key != "page" and value])
        context.update({
            "querystring_without_page": f"{rest}&" if rest else "",
            "is_filtered": bool(rest),
            "params": params,
            "kinds": USER_KINDS,
            "groups": selectors.group_list(),
            "org_units": [
                (unit.pk, f"{'　' * unit.level}{unit.name}") for unit in selectors.org_unit_tree(selectors.org_units_in_scope(actor=self.request.user))
            ],
            "now": timezone.now(),
            "import_url": _reverse_or_empty("backoffice:user_import"),
        })
        return context


def _reverse_or_empty(name: str, *args) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


class _UserFormView(ServiceFormView):
    template_name = "accounts/backoffice/users/form.html"
    form_class = UserForm
    account = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        actor = self.request.user
        assignable = selectors.groups_assignable(actor=actor).values("pk")
        # Groups the user already has stay visible (and kept) even if the actor could not grant them.
        groups = Group.objects.filter(Q(pk__in=assignable) | Q(user=self.account) if self.account else Q(pk__in=assignable))
        kwargs.update(org_units=selectors.org_units_in_scope(actor=actor), groups=groups.distinct().order_by("name"), creating=self.account is None)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)

    def success_url_for(self, obj) -> str:
        return reverse("backoffice:user_detail", args=[obj.pk])


class UserCreateView(_UserFormView):
    permission_required = "accounts.add_user"
    page_title = "新建用户"
    success_message = "用户已创建。"

    def run(self, form):
        data = form.cleaned_data
        return services.user_create(
            actor=self.request.user, username=data["username"], password=data["password"], display_name=data["display_name"],
            email=data["email"], phone=data["phone"], kind=data["kind"], org_unit=data["org_unit"], groups=list(data["groups"]),
            must_change_password=data["must_change_password"],
        )


class UserEditView(_UserFormView):
    permission_required = ("accounts.view_user", "accounts.change_user")
    page_title = "编辑用户"
    success_message = "用户信息已保存。"

    def load_object(self, **kwargs) -> None:
        self.account = _get_or_404(selectors.user_get, actor=self.request.user, user_id=kwargs["pk"])

    def get_initial(self):
        account = self.account
        return {
            "username": account.username, "display_name": account.display_name, "kind": account.kind, "email": account.email,
            "phone": account.phone, "org_unit": account.org_unit_id, "groups": list(account.groups.values_list("pk", flat=True)),
        }

    def run(self, form):
        data = form.cleaned_data
        fields = {key: data[key] for key in ("username", "display_name", "kind", "email", "phone", "org_unit")}
        return services.user_update(actor=self.request.user, user=self.account, data=fields, groups=list(data["groups"]))


class UserDetailView(BackofficeMixin, TemplateView):
    permission_required = "accounts.view_user"
    template_name = "accounts/backoffice/users/detail.html"
    page_title = "用户详情"

    def get_context_data(self, **kwargs):
        account = _get_or_404(selectors.user_get, actor=self.request.user, user_id=self.kwargs["pk"])
        return super().get_context_data(account=account, account_groups=account.groups.order_by("name"), now=timezone.now(), **kwargs)


class _UserActionView(BackofficeMixin, View):
    """A POST on one user the actor may see; the result is shown as a message on the detail page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        account = _get_or_404(selectors.user_get, actor=request.user, user_id=pk)
        try:
            message = self.act(account)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, message)
        return _redirect(request, reverse("backoffice:user_detail", args=[pk]))

    def act(self, account) -> str:
        raise NotImplementedError


class UserToggleActiveView(_UserActionView):
    permission_required = ("accounts.view_user", "accounts.change_user")

    def act(self, account) -> str:
        is_active = self.request.POST.get("is_active") == "1"
        services.user_set_active(actor=self.request.user, user=account, is_active=is_active)
        return "账号已启用。" if is_active else "账号已停用，该用户将无法登录。"


class UserUnlockView(_UserActionView):
    permission_required = ("accounts.view_user", "accounts.change_user")

    def act(self, account) -> str:
        user_unlock(actor=self.request.user, user=account)
        return "账号已解锁。"


class UserResetPasswordView(BackofficeMixin, View):
    """Shows the new password once, in the response only (never in a message or the log)."""

    permission_required = ("accounts.view_user", "accounts.reset_password")
    http_method_names = ["post"]

    def post(self, request, pk):
        account = _get_or_404(selectors.user_get, actor=request.user, user_id=pk)
        try:
            password = services.user_reset_password(actor=request.user, user=account)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return _redirect(request, reverse("backoffice:user_detail", args=[pk]))
        if request.htmx:
            response = render(request, "accounts/backoffice/users/_password_result.html", {"account": account, "new_password": password})
        else:
            view = UserDetailView(request=request, kwargs={"pk": pk}, args=())
            response = render(request, UserDetailView.template_name, view.get_context_data(new_password=password))
        response["Cache-Control"] = "no-store"
        return response


# --- groups --------------------------------------------------------------------------------


class GroupListView(BackofficeMixin, ListView):
    permission_required = "auth.view_group"
    template_name = "accounts/backoffice/groups/list.html"
    page_title = "用户组与权限"
    context_object_name = "groups"

    def get_queryset(self):
        return selectors.group_list(search=self.request.GET.get("q", "").strip())


class _GroupFormView(ServiceFormView):
    template_name = "accounts/backoffice/groups/form.html"
    form_class = GroupForm
    group = None

    def grantable(self):
        return selectors.grantable_permissions(self.request.tenant.modules, actor=self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "permissions": self.grantable()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(group=self.group, **kwargs)
        form = context["form"]
        selected = form["permissions"].value() or []
        context["selected_permissions"] = {str(pk) for pk in selected}
        context["permission_sections"] = selectors.grantable_permissions_by_app(self.request.tenant.modules, actor=self.request.user)
        return context

    def run(self, form):
        data = form.cleaned_data
        permissions = list(data["permissions"])
        if self.group is not None:
            # Permissions the form does not show (a module switched off) are kept, not dropped.
            permissions += list(self.group.permissions.exclude(pk__in=self.grantable().values("pk")))
        return services.group_save(
            actor=self.request.user, group=self.group, name=data["name"], description=data["description"], data_scope=data["data_scope"],
            permissions=permissions,
        )

    def success_url_for(self, obj) -> str:
        return reverse("backoffice:group_list")


class GroupCreateView(_GroupFormView):
    permission_required = "auth.add_group"
    page_title = "新建用户组"
    success_message = "用户组已创建。"


class GroupEditView(_GroupFormView):
    permission_required = ("auth.view_group", "auth.change_group")
    page_title = "编辑用户组"
    success_message = "用户组已保存。"

    def load_object(self, **kwargs) -> None:
        self.group = _get_or_404(selectors.group_get, group_id=kwargs["pk"])

    def get_initial(self):
        profile = getattr(self.group, "profile", None)
        return {
            "name": self.group.name, "description": getattr(profile, "description", ""), "data_scope": getattr(profile, "data_scope", None),
            "permissions": list(self.group.permissions.values_list("pk", flat=True)),
        }


class GroupDeleteView(BackofficeMixin, LoadsObject, TemplateView):
    """GET asks for confirmation, POST deletes."""

    permission_required = ("auth.view_group", "auth.delete_group")
    template_name = "accounts/backoffice/groups/confirm_delete.html"
    page_title = "删除用户组"

    def load_object(self, **kwargs) -> None:
        self.group = _get_or_404(selectors.group_get, group_id=kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def post(self, request, pk):
        name = self.group.name
        try:
            services.group_delete(actor=request.user, group=self.group)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"用户组“{name}”已删除。")
        return _redirect(request, reverse("backoffice:group_list"))


# --- org units -----------------------------------------------------------------------------


class OrgUnitListView(BackofficeMixin, TemplateView):
    permission_required = "accounts.view_orgunit"
    template_name = "accounts/backoffice/org_units/list.html"
    page_title = "组织机构"

    def get_context_data(self, **kwargs):
        return super().get_context_data(units=selectors.org_unit_list_with_counts(actor=self.request.user), **kwargs)


class _OrgUnitFormView(ServiceFormView):
    template_name = "accounts/backoffice/org_units/form.html"
    form_class = OrgUnitForm
    unit = None

    def get_form_kwargs(self):
        parents = selectors.org_units_in_scope(actor=self.request.user)
        if self.unit is not None:
            parents = parents.exclude(path__startswith=self.unit.path)  # not itself nor its subtree
        return {**super().get_form_kwargs(), "parents": parents}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, **kwargs)

    def run(self, form):
        data = form.cleaned_data
        return services.org_unit_save(
            actor=self.request.user, unit=self.unit, name=data["name"], kind=data["kind"], parent=data["parent"], code=data["code"],
            sort_order=data["sort_order"] or 0,
        )

    def success_url_for(self, obj) -> str:
        return reverse("backoffice:org_unit_list")


class OrgUnitCreateView(_OrgUnitFormView):
    permission_required = ("accounts.view_orgunit", "accounts.add_orgunit")
    page_title = "新建机构"
    success_message = "机构已创建。"

    def get_initial(self):
        parent_id = _int_or_none(self.request.GET.get("parent"))
        parent = selectors.org_units_in_scope(actor=self.request.user).filter(pk=parent_id).first() if parent_id else None
        if parent is None:
            return {"kind": OrgUnitKind.COLLEGE}
        return {"parent": parent.pk, "kind": CHILD_KIND.get(parent.kind, parent.kind)}


class OrgUnitEditView(_OrgUnitFormView):
    permission_required = ("accounts.view_orgunit", "accounts.change_orgunit")
    page_title = "编辑机构"
    success_message = "机构已保存。"

    def load_object(self, **kwargs) -> None:
        self.unit = _get_or_404(selectors.org_unit_get, actor=self.request.user, unit_id=kwargs["pk"])

    def get_initial(self):
        unit = self.unit
        return {"name": unit.name, "kind": unit.kind, "parent": unit.parent_id, "code": unit.code, "sort_order": unit.sort_order}


class OrgUnitDeleteView(BackofficeMixin, View):
    permission_required = ("accounts.view_orgunit", "accounts.delete_orgunit")
    http_method_names = ["post"]

    def post(self, request, pk):
        unit = _get_or_404(selectors.org_unit_get, actor=request.user, unit_id=pk)
        name = unit.name
        try:
            services.org_unit_delete(actor=request.user, unit=unit)
        except ApplicationError as exc:
            messages.error(request, f"无法删除“{name}”：{exc.message}")
        else:
            messages.success(request, f"机构“{name}”已删除。")
        return _redirect(request, reverse("backoffice:org_unit_list"))
