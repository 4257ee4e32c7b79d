"""Back-office forms for users, groups and org units. They only parse input; the rules
(uniqueness, scope, escalation) live in services, whose field errors are put back on the
form with `add_service_errors`."""

from __future__ import annotations

from django import forms

from core.errors import ApplicationError
from tenant_apps.accounts.enums import DataScope, OrgUnitKind, UserKind
from tenant_apps.accounts.selectors import org_unit_tree

# Vendor support accounts are made by the platform, never by a tenant admin.
USER_KINDS = [(value, label) for value, label in UserKind.choices if value != UserKind.VENDOR]


class OrgUnitChoiceField(forms.ModelChoiceField):
    """A select in tree order, children indented under their parent."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset=queryset, **kwargs)
        if queryset is not None:
            self.set_tree(queryset)

    def set_tree(self, queryset) -> None:
        self.queryset = queryset
        units = org_unit_tree(queryset)
        self.choices = [("", "（无）" if not self.required else "请选择")] + [
            (unit.pk, f"{'　' * unit.level}{'└ ' if unit.level else ''}{unit.name}（{unit.get_kind_display()}）") for unit in units
        ]


def add_service_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's field errors next to the fields; anything else at the top."""
    shown = False
    for field, messages in (exc.fields or {}).items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                shown = True
            else:
                form.add_error(None, message)
    if not shown:
        form.add_error(None, exc.message)


class UserForm(forms.Form):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，可用学号或工号。")
    display_name = forms.CharField(label="姓名", max_length=100)
    kind = forms.ChoiceField(label="身份", choices=USER_KINDS, initial=UserKind.STAFF)
    email = forms.EmailField(label="邮箱", required=False, error_messages={"invalid": "请输入有效的邮箱地址。"})
    phone = forms.CharField(label="手机号", required=False, max_length=20, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}))
    org_unit = OrgUnitChoiceField(label="所属单位", queryset=None, required=False)
    groups = forms.ModelMultipleChoiceField(label="用户组", queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), help_text="至少 8 位，不能全是数字，不能过于常见。"
    )
    must_change_password = forms.BooleanField(label="首次登录须修改密码", required=False, initial=True)

    def __init__(self, *args, org_units, groups, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].set_tree(org_units)
        self.fields["groups"].queryset = groups
        if not creating:
            del self.fields["password"]
            del self.fields["must_change_password"]


class GroupForm(forms.Form):
    name = forms.CharField(label="名称", max_length=150)
    description = forms.CharField(label="说明", max_length=200, required=False)
    data_scope = forms.ChoiceField(label="数据范围", choices=DataScope.choices, initial=DataScope.UNIT_AND_BELOW)
    permissions = forms.ModelMultipleChoiceField(label="权限", queryset=None, required=False)

    def __init__(self, *args, permissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].queryset = permissions


class OrgUnitForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=OrgUnitKind.choices)
    parent = OrgUnitChoiceField(label="上级单位", queryset=None, required=False)
    code = forms.CharField(label="编码", max_length=50, required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0, required=False, help_text="同级中数字小的在前。")

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].set_tree(parents)
