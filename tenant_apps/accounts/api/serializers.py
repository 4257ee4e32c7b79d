"""API shapes for accounts. Names start with "Accounts" so that OpenAPI component names stay
unique across apps."""

from __future__ import annotations

from django.contrib.auth.models import Group
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.masking import mask_email, mask_phone
from tenant_apps.accounts.enums import DataScope, OrgUnitKind, UserKind
from tenant_apps.accounts.models import OrgUnit, User
from tenant_apps.accounts.selectors import (
    grantable_permissions,
    groups_assignable,
    org_units_in_scope,
)

# Vendor support accounts are made by the platform, never through a tenant's API.
USER_KIND_CHOICES = [(value, label) for value, label in UserKind.choices if value != UserKind.VENDOR]


def _validate_kind(value: str) -> str:
    if value == UserKind.VENDOR:
        raise serializers.ValidationError("不能创建平台客服账号。")
    return value


class AccountsGroupRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Group
        fields = ["id", "name"]


class AccountsOrgUnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind"]


class AccountsUserSerializer(serializers.ModelSerializer):
    """A user as integrators see it. `phone` and `email` are masked unless the caller may reveal personal data."""

    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    org_unit = AccountsOrgUnitRefSerializer(read_only=True)
    groups = AccountsGroupRefSerializer(many=True, read_only=True)
    is_locked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "username", "display_name", "kind", "email", "phone", "org_unit", "groups", "is_active", "is_locked",
            "must_change_password", "date_joined", "last_login",
        ]

    @extend_schema_field(serializers.CharField())
    def get_phone(self, user: User) -> str:
        request = self.context.get("request")
        if request is not None and request.user.has_perm("accounts.reveal_personal_data"):
            return user.phone
        return mask_phone(user.phone)

    @extend_schema_field(serializers.CharField())
    def get_email(self, user: User) -> str:
        request = self.context.get("request")
        if request is not None and request.user.has_perm("accounts.reveal_personal_data"):
            return user.email
        return mask_email(user.email)

    @extend_schema_field(serializers.BooleanField())
    def get_is_locked(self, user: User) -> bool:
        from django.utils import timezone

        return bool(user.locked_until and user.locked_until > timezone.now())


class _ActorScopedFields:
    """Limits org unit and group choices to what the calling user may assign."""

    def scope_fields(self) -> None:
        request = self.context.get("request")
        if request is None:  # schema generation
            return
        actor = request.user
        if "org_unit" in self.fields:
            self.fields["org_unit"].queryset = org_units_in_scope(actor=actor)
        if "groups" in self.fields:
            self.fields["groups"].child_relation.queryset = groups_assignable(actor=actor)


class AccountsUserCreateSerializer(_ActorScopedFields, serializers.Serializer):
    username = serializers.CharField(max_length=150)
    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=UserKind.choices, default=UserKind.STAFF, validators=[_validate_kind])
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True, default=None)
    groups = serializers.PrimaryKeyRelatedField(queryset=Group.objects.none(), many=True, required=False, default=list)
    password = serializers.CharField(write_only=True, required=False, allow_blank=True, default="", help_text="留空则账号需重置密码后才能登录。")
    must_change_password = serializers.BooleanField(default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_fields()


class AccountsUserUpdateSerializer(_ActorScopedFields, serializers.Serializer):
    username = serializers.CharField(max_length=150, required=False)
    display_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=UserKind.choices, required=False, validators=[_validate_kind])
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True)
    groups = serializers.PrimaryKeyRelatedField(queryset=Group.objects.none(), many=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_fields()


class AccountsPasswordResetSerializer(serializers.Serializer):
    password = serializers.CharField(help_text="新密码，只返回这一次。")
    must_change_password = serializers.BooleanField()


class AccountsGroupSerializer(serializers.ModelSerializer):
    description = serializers.CharField(source="profile.description", default="", read_only=True)
    data_scope = serializers.CharField(source="profile.data_scope", default=DataScope.SELF, read_only=True)
    is_builtin = serializers.BooleanField(source="profile.is_builtin", default=False, read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = ["id", "name", "description", "data_scope", "is_builtin", "member_count", "permissions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_permissions(self, group: Group) -> list[str]:
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())


class AccountsGroupWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    data_scope = serializers.ChoiceField(choices=DataScope.choices, default=DataScope.UNIT_AND_BELOW)
    permissions = serializers.ListField(
        child=serializers.CharField(), required=False, help_text='"app_label.codename"，如 "accounts.view_user"。'
    )

    def validate_permissions(self, codes: list[str]):
        request = self.context["request"]
        available = {f"{p.content_type.app_label}.{p.codename}": p for p in grantable_permissions(request.tenant.modules)}
        unknown = [code for code in codes if code not in available]
        if unknown:
            raise serializers.ValidationError(f"未知或不可授予的权限：{', '.join(unknown)}")
        return [available[code] for code in codes]


class AccountsOrgUnitSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    depth = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind", "parent", "code", "sort_order", "path", "depth"]


class AccountsOrgUnitWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=OrgUnitKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True, default=None)
    code = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    sort_order = serializers.IntegerField(min_value=0, required=False, default=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "request" in self.context:
            self.fields["parent"].queryset = org_units_in_scope(actor=self.context["request"].user)


class AccountsMeSerializer(serializers.ModelSerializer):
    """The caller's own account: their phone is theirs to see, and their permissions."""

    org_unit = AccountsOrgUnitRefSerializer(read_only=True)
    groups = AccountsGroupRefSerializer(many=True, read_only=True)
    permissions = serializers.SerializerMethodField()
    data_scope = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "kind", "email", "phone", "org_unit", "groups", "permissions", "data_scope", "must_change_password"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_permissions(self, user: User) -> list[str]:
        return sorted(user.get_all_permissions())

    @extend_schema_field(serializers.ChoiceField(choices=DataScope.choices))
    def get_data_scope(self, user: User) -> str:
        from tenant_apps.accounts.selectors import user_data_scope

        return str(user_data_scope(user))
