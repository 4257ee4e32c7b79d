"""POST /api/v1/reveal/: the audited clear value of one encrypted personal-data field."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import TenantAPIMixin, error_responses
from core.reveal import personal_data_reveal


class PersonalDataRevealInputSerializer(serializers.Serializer):
    model = serializers.CharField(max_length=100, help_text='模型，如 "accounts.user"')
    id = serializers.IntegerField(min_value=1)
    field = serializers.CharField(max_length=100, help_text='加密字段名，如 "phone"')

    class Meta:
        ref_name = "PersonalDataRevealInput"


class PersonalDataRevealOutputSerializer(serializers.Serializer):
    model = serializers.CharField()
    id = serializers.IntegerField()
    field = serializers.CharField()
    value = serializers.CharField()

    class Meta:
        ref_name = "PersonalDataRevealOutput"


class PersonalDataRevealAPI(TenantAPIMixin, APIView):
    # Any signed-in user may call; the service checks `<app_label>.reveal_personal_data` for the
    # model asked for (it differs per model), the field, and the actor's scope on the object.
    permission_map = {"POST": ""}

    @extend_schema(
        operation_id="personal_data_reveal",
        summary="查看完整个人信息",
        description="返回一个加密字段（如手机号）的明文，并写入审计日志。需要该模型所属应用的 reveal_personal_data 权限。",
        request=PersonalDataRevealInputSerializer,
        responses={200: PersonalDataRevealOutputSerializer, **error_responses(400, 401, 403, 404)},
        tags=["security"],
    )
    def post(self, request):
        payload = PersonalDataRevealInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        value = personal_data_reveal(actor=request.user, model_label=data["model"], pk=data["id"], field_name=data["field"])
        body = {"model": data["model"].lower(), "id": data["id"], "field": data["field"], "value": value}
        return Response(PersonalDataRevealOutputSerializer(body).data, headers={"Cache-Control": "no-store"})
