"""Accounts API: users, groups, org units and the caller's own profile. Views parse, call one
selector or service and serialize; TenantAPIMixin checks the permission of each method and
every object is looked up through a scoped selector (another tenant's id is simply not found)."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from tenant_apps.accounts import selectors, services
from tenant_apps.accounts.api.serializers import (
    USER_KIND_CHOICES,
    AccountsGroupSerializer,
    AccountsGroupWriteSerializer,
    AccountsMeSerializer,
    AccountsOrgUnitSerializer,
    AccountsOrgUnitWriteSerializer,
    AccountsPasswordResetSerializer,
    AccountsUserCreateSerializer,
    AccountsUserSerializer,
    AccountsUserUpdateSerializer,
)

TAG_USERS, TAG_GROUPS, TAG_ORG_UNITS = ["账号-用户"], ["账号-用户组"], ["账号-组织机构"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def _found(selector, **kwargs):
    try:
        return selector(**kwargs)
    except (ObjectDoesNotExist, ValueError) as exc:
        raise NotFound from exc


class _AccountsAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = AccountsUserSerializer  # overridden per method through extend_schema

    def read(self, serializer_class, instance, **kwargs) -> Response:
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, **kwargs)

    def parse(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- users ---------------------------------------------------------------------------------


class UserListCreateAPI(_AccountsAPI):
    permission_map = {"GET": "accounts.view_user", "POST": ("accounts.view_user", "accounts.add_user")}

    @extend_schema(
        operation_id="accounts_users_list", tags=TAG_USERS, summary="用户列表（按数据范围）",
        parameters=[
            OpenApiParameter("search", str, description="用户名、姓名、邮箱（包含）或完整手机号"),
            OpenApiParameter("kind", str, enum=[value for value, _ in USER_KIND_CHOICES]),
            OpenApiParameter("group", int, description="用户组 id"),
            OpenApiParameter("org_unit", int, description="单位 id（含下级）"),
            OpenApiParameter("is_active", bool),
        ],
        responses={200: AccountsUserSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        params = request.query_params
        active = params.get("is_active", "").lower()
        queryset = selectors.user_list(
            actor=request.user, search=params.get("search", "").strip(), kind=params.get("kind", ""),
            group_id=_int_param(params, "group"), org_unit_id=_int_param(params, "org_unit"),
            is_active={"true": True, "1": True, "false": False, "0": False}.get(active),
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(AccountsUserSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        operation_id="accounts_users_create", tags=TAG_USERS, summary="新建用户",
        request=AccountsUserCreateSerializer, responses={201: AccountsUserSerializer, **ERRORS},
    )
    def post(self, request):
        data = self.parse(AccountsUserCreateSerializer)
        user = services.user_create(actor=request.user, **{**data, "groups": list(data["groups"])})
        return self.read(AccountsUserSerializer, user, status=status.HTTP_201_CREATED)


def _int_param(params, name: str) -> int | None:
    value = params.get(name, "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise ValidationError({name: ["必须是整数。"]}) from exc


class UserDetailAPI(_AccountsAPI):
    permission_map = {"GET": "accounts.view_user", "PATCH": ("accounts.view_user", "accounts.change_user")}

    @extend_schema(operation_id="accounts_users_retrieve", tags=TAG_USERS, summary="用户详情", responses={200: AccountsUserSerializer, **ERRORS})
    def get(self, request, pk: int):
        return self.read(AccountsUserSerializer, _found(selectors.user_get, actor=request.user, user_id=pk))

    @extend_schema(
        operation_id="accounts_users_partial_update", tags=TAG_USERS, summary="修改用户（只改提交的字段）",
        request=AccountsUserUpdateSerializer, responses={200: AccountsUserSerializer, **ERRORS},
    )
    def patch(self, request, pk: int):
        user = _found(selectors.user_get, actor=request.user, user_id=pk)
        data = self.parse(AccountsUserUpdateSerializer, partial=True)
        groups = data.pop("groups", None)
        user = services.user_update(actor=request.user, user=user, data=data, groups=list(groups) if groups is not None else None)
        return self.read(AccountsUserSerializer, user)


class _UserActiveAPI(_AccountsAPI):
    permission_map = {"POST": ("accounts.view_user", "accounts.change_user")}
    is_active: bool

    def post(self, request, pk: int):
        user = _found(selectors.user_get, actor=request.user, user_id=pk)
        return self.read(AccountsUserSerializer, services.user_set_active(actor=request.user, user=user, is_active=self.is_active))


class UserDisableAPI(_UserActiveAPI):
    is_active = False

    @extend_schema(operation_id="accounts_users_disable", tags=TAG_USERS, summary="停用用户（不能停用自己）", request=None, responses={200: AccountsUserSerializer, **ERRORS})
    def post(self, request, pk: int):
        return super().post(request, pk)


class UserEnableAPI(_UserActiveAPI):
    is_active = True

    @extend_schema(operation_id="accounts_users_enable", tags=TAG_USERS, summary="启用用户", request=None, responses={200: AccountsUserSerializer, **ERRORS})
    def post(self, request, pk: int):
        return super().post(request, pk)


class UserResetPasswordAPI(_AccountsAPI):
    permission_map = {"POST": ("accounts.view_user", "accounts.reset_password")}

    @extend_schema(
        operation_id="accounts_users_reset_password", tags=TAG_USERS, summary="重置密码（生成新密码，只返回一次）",
        request=None, responses={200: AccountsPasswordResetSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        user = _found(selectors.user_get, actor=request.user, user_id=pk)
        password = services.user_reset_password(actor=request.user, user=user)
        response = Response(AccountsPasswordResetSerializer({"password": password, "must_change_password": True}).data)
        response["Cache-Control"] = "no-store"
        return response


# --- groups --------------------------------------------------------------------------------


class GroupListCreateAPI(_AccountsAPI):
    permission_map = {"GET": "auth.view_group", "POST": ("auth.view_group", "auth.add_group")}
    serializer_class = AccountsGroupSerializer

    @extend_schema(
        operation_id="accounts_groups_list", tags=TAG_GROUPS, summary="用户组列表",
        parameters=[OpenApiParameter("search", str, description="名称包含")], responses={200: AccountsGroupSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        queryset = selectors.group_list(search=request.query_params.get("search", "").strip()).prefetch_related("permissions__content_type")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(AccountsGroupSerializer(page, many=True).data)

    @extend_schema(
        operation_id="accounts_groups_create", tags=TAG_GROUPS, summary="新建用户组",
        request=AccountsGroupWriteSerializer, responses={201: AccountsGroupSerializer, **ERRORS},
    )
    def post(self, request):
        data = self.parse(AccountsGroupWriteSerializer)
        group = services.group_save(actor=request.user, **data)
        return self.read(AccountsGroupSerializer, selectors.group_get(group_id=group.pk), status=status.HTTP_201_CREATED)


class GroupDetailAPI(_AccountsAPI):
    permission_map = {
        "GET": "auth.view_group", "PATCH": ("auth.view_group", "auth.change_group"), "DELETE": ("auth.view_group", "auth.delete_group"),
    }
    serializer_class = AccountsGroupSerializer

    @extend_schema(operation_id="accounts_groups_retrieve", tags=TAG_GROUPS, summary="用户组详情", responses={200: AccountsGroupSerializer, **ERRORS})
    def get(self, request, pk: int):
        return self.read(AccountsGroupSerializer, _found(selectors.group_get, group_id=pk))

    @extend_schema(
        operation_id="accounts_groups_partial_update", tags=TAG_GROUPS, summary="修改用户组",
        request=AccountsGroupWriteSerializer, responses={200: AccountsGroupSerializer, **ERRORS},
    )
    def patch(self, request, pk: int):
        group = _found(selectors.group_get, group_id=pk)
        data = self.parse(AccountsGroupWriteSerializer, partial=True)
        profile = getattr(group, "profile", None)
        services.group_save(
            actor=request.user, group=group, name=data.get("name", group.name),
            description=data.get("description", getattr(profile, "description", "")),
            data_scope=data.get("data_scope", getattr(profile, "data_scope", "")), permissions=data.get("permissions"),
        )
        return self.read(AccountsGroupSerializer, selectors.group_get(group_id=pk))

    @extend_schema(operation_id="accounts_groups_destroy", tags=TAG_GROUPS, summary="删除用户组（内置组不能删除）", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.group_delete(actor=request.user, group=_found(selectors.group_get, group_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- org units -----------------------------------------------------------------------------


class OrgUnitListCreateAPI(_AccountsAPI):
    permission_map = {"GET": "accounts.view_orgunit", "POST": ("accounts.view_orgunit", "accounts.add_orgunit")}
    serializer_class = AccountsOrgUnitSerializer
    pagination_class = None  # a tree is read whole

    @extend_schema(
        operation_id="accounts_org_units_list", tags=TAG_ORG_UNITS, summary="组织机构（树序，按数据范围）",
        responses={200: AccountsOrgUnitSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        units = selectors.org_unit_tree(selectors.org_units_in_scope(actor=request.user))
        return Response(AccountsOrgUnitSerializer(units, many=True).data)

    @extend_schema(
        operation_id="accounts_org_units_create", tags=TAG_ORG_UNITS, summary="新建机构",
        request=AccountsOrgUnitWriteSerializer, responses={201: AccountsOrgUnitSerializer, **ERRORS},
    )
    def post(self, request):
        unit = services.org_unit_save(actor=request.user, **self.parse(AccountsOrgUnitWriteSerializer))
        return self.read(AccountsOrgUnitSerializer, unit, status=status.HTTP_201_CREATED)


class OrgUnitDetailAPI(_AccountsAPI):
    permission_map = {
        "GET": "accounts.view_orgunit",
        "PATCH": ("accounts.view_orgunit", "accounts.change_orgunit"),
        "DELETE": ("accounts.view_orgunit", "accounts.delete_orgunit"),
    }
    serializer_class = AccountsOrgUnitSerializer

    @extend_schema(operation_id="accounts_org_units_retrieve", tags=TAG_ORG_UNITS, summary="机构详情", responses={200: AccountsOrgUnitSerializer, **ERRORS})
    def get(self, request, pk: int):
        return self.read(AccountsOrgUnitSerializer, _found(selectors.org_unit_get, actor=request.user, unit_id=pk))

    @extend_schema(
        operation_id="accounts_org_units_partial_update", tags=TAG_ORG_UNITS, summary="修改机构（可移动到其他上级）",
        request=AccountsOrgUnitWriteSerializer, responses={200: AccountsOrgUnitSerializer, **ERRORS},
    )
    def patch(self, request, pk: int):
        unit = _found(selectors.org_unit_get, actor=request.user, unit_id=pk)
        data = self.parse(AccountsOrgUnitWriteSerializer, partial=True)
        fields = {name: data.get(name, getattr(unit, name)) for name in ("name", "kind", "parent", "code", "sort_order")}
        return self.read(AccountsOrgUnitSerializer, services.org_unit_save(actor=request.user, unit=unit, **fields))

    @extend_schema(operation_id="accounts_org_units_destroy", tags=TAG_ORG_UNITS, summary="删除机构（须无下级、无成员）", responses={204: None, **ERRORS})
    def delete(self, request, pk: int):
        services.org_unit_delete(actor=request.user, unit=_found(selectors.org_unit_get, actor=request.user, unit_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- me ------------------------------------------------------------------------------------


class MeAPI(_AccountsAPI):
    permission_map = {"GET": ""}  # any signed-in user, about themselves
    serializer_class = AccountsMeSerializer

    @extend_schema(operation_id="accounts_me_retrieve", tags=["账号-我"], summary="当前用户、权限与数据范围", responses={200: AccountsMeSerializer, 401: ErrorSerializer})
    def get(self, request):
        return self.read(AccountsMeSerializer, request.user)

