"""Expert fees API: standards, workload lines, confirmation letters, payout, the expert panorama's
fee history, and the signed-in expert's own letters (signing). Writes on archived projects
answer 409 project_archived."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from core.api.base import ErrorSerializer, TenantAPIMixin
from core.errors import NotFound
from core.middleware import client_ip
from tenant_apps.experts.fees import documents, selectors, services
from tenant_apps.experts.fees.api import serializers as s
from tenant_apps.experts.fees.models import FeeLine
from tenant_apps.experts.panels.models import PanelMember
from tenant_apps.experts.selectors import expert_get

TAGS = ["专家劳务费"]
TAGS_MINE = ["专家端：劳务费确认"]
ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEW = "expert_fees.view_feeline"
LINE_FILTERS = [
    OpenApiParameter("q", str, description="项目名称/编号、专家姓名"),
    OpenApiParameter("status", str, description="draft/sent/signed/paid，或 payable（已签字与已发放）"),
    OpenApiParameter("project", int, description="项目 id"),
    OpenApiParameter("from", OpenApiTypes.DATE, description="评审日期起"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="评审日期止"),
]


class _FeesAPI(TenantAPIMixin, generics.GenericAPIView):
    serializer_class = s.FeesLineSerializer

    def parse(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def lines_out(self, lines, many: bool = False):
        return s.FeesLineSerializer(lines, many=many, context={"actor": self.request.user}).data

    def line(self, pk) -> FeeLine:
        line = selectors.line_get(actor=self.request.user, pk=int(pk))
        if line is None:
            raise NotFound("劳务费记录不存在。")
        return line

    def project(self, pk):
        project = selectors.project_get(actor=self.request.user, pk=int(pk))
        if project is None:
            raise NotFound("项目不存在。")
        return project


def _line_input(data: dict) -> services.FeeLineInput:
    return services.FeeLineInput(workload_days=data["workload_days"], review_fee=data.get("review_fee"), travel_fee=data.get("travel_fee"),
                                 other_fee=data.get("other_fee") or 0, tax_withheld=data.get("tax_withheld") or 0, note=data.get("note", ""))


def _standard_input(data: dict) -> services.FeeStandardInput:
    return services.FeeStandardInput(name=data["name"], title_level=data.get("title_level", ""), half_day_rate=data["half_day_rate"],
                                     day_rate=data["day_rate"], travel_allowance=data.get("travel_allowance") or 0,
                                     effective_from=data["effective_from"], is_active=data.get("is_active", True), note=data.get("note", ""))


# --- standards ------------------------------------------------------------------------------


class StandardListAPI(_FeesAPI):
    permission_map = {"GET": "expert_fees.view_feestandard", "POST": "expert_fees.add_feestandard"}
    serializer_class = s.FeesStandardSerializer

    @extend_schema(operation_id="fees_standards_list", tags=TAGS, summary="劳务费标准", responses={200: s.FeesStandardSerializer(many=True), **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(selectors.standards())
        return self.get_paginated_response(s.FeesStandardSerializer(page, many=True).data)

    @extend_schema(operation_id="fees_standards_create", tags=TAGS, summary="新增劳务费标准（按职称级别的半天/全天标准与交通补贴）",
                   request=s.FeesStandardSerializer, responses={201: s.FeesStandardSerializer, **ERRORS})
    def post(self, request):
        standard = services.fee_standard_save(actor=request.user, data=_standard_input(self.parse(s.FeesStandardSerializer)))
        return Response(s.FeesStandardSerializer(standard).data, status=201)


class StandardDetailAPI(_FeesAPI):
    permission_map = {"GET": "expert_fees.view_feestandard", "PUT": "expert_fees.change_feestandard", "DELETE": "expert_fees.delete_feestandard"}
    serializer_class = s.FeesStandardSerializer

    def standard(self, pk):
        standard = selectors.standards().filter(pk=pk).first()
        if standard is None:
            raise NotFound("劳务费标准不存在。")
        return standard

    @extend_schema(operation_id="fees_standards_retrieve", tags=TAGS, summary="劳务费标准详情", responses={200: s.FeesStandardSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(s.FeesStandardSerializer(self.standard(pk)).data)

    @extend_schema(operation_id="fees_standards_update", tags=TAGS, summary="修改劳务费标准（已登记的劳务费不受影响）",
                   request=s.FeesStandardSerializer, responses={200: s.FeesStandardSerializer, **ERRORS})
    def put(self, request, pk):
        standard = services.fee_standard_save(actor=request.user, standard=self.standard(pk), data=_standard_input(self.parse(s.FeesStandardSerializer)))
        return Response(s.FeesStandardSerializer(standard).data)

    @extend_schema(operation_id="fees_standards_destroy", tags=TAGS, summary="删除未使用的劳务费标准", responses={204: None, **ERRORS})
    def delete(self, request, pk):
        services.fee_standard_delete(actor=request.user, standard=self.standard(pk))
        return Response(status=204)


# --- lines ----------------------------------------------------------------------------------


class LineListAPI(_FeesAPI):
    permission_map = {"GET": VIEW, "POST": (VIEW, "expert_fees.add_feeline")}

    @extend_schema(operation_id="fees_lines_list", tags=TAGS, summary="劳务费明细（按项目、评审期间、状态）", parameters=LINE_FILTERS,
                   responses={200: s.FeesLineSerializer(many=True), **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(selectors.line_search(actor=request.user, search=selectors.LineSearch.from_query(request.query_params)))
        return self.get_paginated_response(self.lines_out(page, many=True))

    @extend_schema(operation_id="fees_lines_create", tags=TAGS, summary="登记工作量（仅限确认参加/实际参评的专家）",
                   description="未参加评审（拒绝、请假、未应答等）的专家返回 409 member_not_attending。",
                   request=s.FeesLineCreateSerializer, responses={201: s.FeesLineSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.FeesLineCreateSerializer)
        project = self.project(data["project"])
        member = PanelMember.objects.filter(pk=data["member"]).first()
        if member is None:
            raise NotFound("该专家不在本项目的评审组中。", code="member_not_on_panel")
        line = services.fee_line_create(actor=request.user, project=project, member=member, data=_line_input(data))
        return Response(self.lines_out(line), status=201)


class LineDetailAPI(_FeesAPI):
    permission_map = {"GET": VIEW, "PUT": (VIEW, "expert_fees.change_feeline"), "DELETE": (VIEW, "expert_fees.delete_feeline")}

    @extend_schema(operation_id="fees_lines_retrieve", tags=TAGS, summary="劳务费明细详情", responses={200: s.FeesLineSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(self.lines_out(self.line(pk)))

    @extend_schema(operation_id="fees_lines_update", tags=TAGS, summary="修改工作量与金额（已签字的需重新发函签字，已发放的不能改）",
                   request=s.FeesLineInputSerializer, responses={200: s.FeesLineSerializer, **ERRORS})
    def put(self, request, pk):
        line = services.fee_line_update(actor=request.user, line=self.line(pk), data=_line_input(self.parse(s.FeesLineInputSerializer)))
        return Response(self.lines_out(line))

    @extend_schema(operation_id="fees_lines_destroy", tags=TAGS, summary="删除草稿状态的劳务费", responses={204: None, **ERRORS})
    def delete(self, request, pk):
        services.fee_line_delete(actor=request.user, line=self.line(pk))
        return Response(status=204)


class LineSendLetterAPI(_FeesAPI):
    permission_map = {"POST": (VIEW, "expert_fees.send_letter")}
    serializer_class = s.FeesLetterSerializer

    @extend_schema(operation_id="fees_lines_send_letter", tags=TAGS, summary="生成确认函并通知专家签字", request=None,
                   responses={201: s.FeesLetterSerializer, **ERRORS})
    def post(self, request, pk):
        letter = services.fee_letter_send(actor=request.user, line=self.line(pk))
        return Response(s.FeesLetterSerializer(letter).data, status=201)


class LineLettersAPI(_FeesAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FeesLetterSerializer
    pagination_class = None

    @extend_schema(operation_id="fees_lines_letters", tags=TAGS, summary="该劳务费的各版确认函", responses={200: s.FeesLetterSerializer(many=True), **ERRORS})
    def get(self, request, pk):
        return Response(s.FeesLetterSerializer(selectors.line_letters(self.line(pk)), many=True).data)


class MarkPaidAPI(_FeesAPI):
    permission_map = {"POST": (VIEW, "expert_fees.mark_paid")}
    serializer_class = s.FeesMarkPaidSerializer

    @extend_schema(operation_id="fees_lines_mark_paid", tags=TAGS, summary="登记发放（仅限专家已签字的）", request=s.FeesMarkPaidSerializer,
                   responses={200: s.FeesMarkPaidResultSerializer, **ERRORS})
    def post(self, request):
        data = self.parse(s.FeesMarkPaidSerializer)
        lines = list(selectors.line_scope(actor=request.user).filter(pk__in=data["lines"]))
        if len(lines) != len(set(data["lines"])):
            raise NotFound("部分劳务费记录不存在。")
        paid = services.fee_lines_mark_paid(actor=request.user, lines=lines, paid_on=data["paid_on"], reference=data["reference"])
        return Response({"paid": paid})


# --- letters --------------------------------------------------------------------------------


class _LetterAPI(_FeesAPI):
    serializer_class = s.FeesLetterSerializer

    def letter(self, pk):
        letter = selectors.letter_get(actor=self.request.user, pk=int(pk))
        if letter is None:
            raise NotFound("确认函不存在。")
        return letter


class LetterWithdrawAPI(_LetterAPI):
    permission_map = {"POST": (VIEW, "expert_fees.send_letter")}

    @extend_schema(operation_id="fees_letters_withdraw", tags=TAGS, summary="作废待签字的确认函（劳务费回到草稿）", request=s.FeesWithdrawSerializer,
                   responses={200: s.FeesLetterSerializer, **ERRORS})
    def post(self, request, pk):
        letter = services.fee_letter_withdraw(actor=request.user, letter=self.letter(pk), reason=self.parse(s.FeesWithdrawSerializer)["reason"])
        return Response(s.FeesLetterSerializer(letter).data)


def _pdf(letter):
    signature = letter.signature.open("rb").read() if letter.signature else None
    response = HttpResponse(documents.letter_pdf(letter, signature=signature), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"劳务费确认函-{letter.number}.pdf")
    return response


class LetterPdfAPI(_LetterAPI):
    permission_map = {"GET": VIEW}

    @extend_schema(operation_id="fees_letters_pdf", tags=TAGS, summary="确认函 PDF（签字后含手写签名）",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, pk):
        return _pdf(self.letter(pk))


# --- projects, payout, history --------------------------------------------------------------


class ProjectFeesAPI(_FeesAPI):
    permission_map = {"GET": VIEW}
    serializer_class = s.FeesProjectSerializer

    @extend_schema(operation_id="fees_project_retrieve", tags=TAGS, summary="项目的评审组成员、参评情况与劳务费",
                   responses={200: s.FeesProjectSerializer, **ERRORS})
    def get(self, request, pk):
        project = self.project(pk)
        data = {"project_id": project.pk, "is_archived": project.is_archived, "rows": selectors.project_fee_rows(actor=request.user, project=project),
                "totals": selectors.project_totals(project)}
        return Response(s.FeesProjectSerializer(data, context={"actor": request.user}).data)


class ProjectSendLettersAPI(_FeesAPI):
    permission_map = {"POST": (VIEW, "expert_fees.send_letter")}
    serializer_class = s.FeesSendResultSerializer

    @extend_schema(operation_id="fees_project_send_letters", tags=TAGS, summary="为项目所有草稿劳务费生成确认函并通知专家", request=None,
                   responses={200: s.FeesSendResultSerializer, **ERRORS})
    def post(self, request, pk):
        result = services.fee_letters_send(actor=request.user, project=self.project(pk))
        return Response({"sent": s.FeesLetterSerializer(result.sent, many=True).data,
                         "skipped": [{"line": line.pk, "message": message} for line, message in result.skipped]})


class PayoutSheetAPI(_FeesAPI):
    permission_map = {"GET": (VIEW, "expert_fees.export_payout")}

    @extend_schema(operation_id="fees_payout_sheet", tags=TAGS, summary="劳务费发放表（Excel，默认含已签字与已发放）",
                   description="无 view_bank_account 权限时银行账号与身份证号脱敏。文件含个人信息：须填写 `reason`（导出事由），否则 400 `export_reason_required`。",
                   parameters=[*LINE_FILTERS, OpenApiParameter("reason", str, description="导出事由（必填，至少 4 个字；写入文件和审计日志）")],
                   responses={(200, XLSX): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request):
        search = selectors.LineSearch.from_query(request.query_params)
        search.status = search.status or "payable"
        if search.project_id:
            self.project(search.project_id)
        content = services.payout_sheet_export(actor=request.user, lines=selectors.line_search(actor=request.user, search=search)[:10000],
                                               reason=request.query_params.get("reason", ""))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, "专家劳务费发放表.xlsx")
        return response


class ExpertHistoryAPI(_FeesAPI):
    permission_map = {"GET": (VIEW, "experts.view_expert")}
    serializer_class = s.FeesHistorySerializer

    @extend_schema(operation_id="fees_expert_history", tags=TAGS, summary="专家历次劳务费（专家全景）", responses={200: s.FeesHistorySerializer, **ERRORS})
    def get(self, request, pk):
        expert = expert_get(actor=request.user, pk=int(pk))
        if expert is None:
            raise NotFound("专家不存在。")
        data = {"lines": selectors.expert_fee_history(expert=expert).select_related("expert"), "totals": selectors.expert_fee_totals(expert=expert)}
        return Response(s.FeesHistorySerializer(data, context={"actor": request.user}).data)


# --- the expert's own letters ---------------------------------------------------------------


class MyLetterListAPI(_FeesAPI):
    permission_map = {"GET": ""}  # any signed-in user: the list is the caller's own letters
    serializer_class = s.FeesMyLetterSerializer

    @extend_schema(operation_id="fees_my_letters_list", tags=TAGS_MINE, summary="我的劳务费确认函", responses={200: s.FeesMyLetterSerializer(many=True), **ERRORS})
    def get(self, request):
        page = self.paginate_queryset(selectors.expert_letters(user=request.user))
        return self.get_paginated_response(s.FeesMyLetterSerializer(page, many=True).data)


class _MyLetterAPI(_FeesAPI):
    serializer_class = s.FeesMyLetterSerializer

    def letter(self, pk):
        letter = selectors.expert_letter(user=self.request.user, pk=int(pk))
        if letter is None:
            raise NotFound("确认函不存在。")
        return letter


class MyLetterDetailAPI(_MyLetterAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="fees_my_letters_retrieve", tags=TAGS_MINE, summary="我的确认函详情", responses={200: s.FeesMyLetterSerializer, **ERRORS})
    def get(self, request, pk):
        return Response(s.FeesMyLetterSerializer(self.letter(pk)).data)


class MyLetterSignAPI(_MyLetterAPI):
    permission_map = {"POST": ""}

    @extend_schema(operation_id="fees_my_letters_sign", tags=TAGS_MINE, summary="手写签名确认（PNG data URL）",
                   description="签字后确认函不可更改；记录签名图片的 SHA-256、时间与 IP。", request=s.FeesSignSerializer,
                   responses={200: s.FeesMyLetterSerializer, **ERRORS})
    def post(self, request, pk):
        letter = services.fee_letter_sign(user=request.user, letter=self.letter(pk), signature_data_url=self.parse(s.FeesSignSerializer)["signature"],
                                          ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        return Response(s.FeesMyLetterSerializer(letter).data)


class MyLetterPdfAPI(_MyLetterAPI):
    permission_map = {"GET": ""}

    @extend_schema(operation_id="fees_my_letters_pdf", tags=TAGS_MINE, summary="我的确认函 PDF", responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS})
    def get(self, request, pk):
        return _pdf(self.letter(pk))
