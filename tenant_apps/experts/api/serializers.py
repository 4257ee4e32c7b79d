"""API shapes of the expert library. Class names start with "Expert" and `ref_name`s are set so
that OpenAPI component names stay unique across apps.

Bureau-side shapes carry personal data masked, exactly as the pages show it (name, phone, ID
number, employer); the clear values come only from the audited reveal endpoint."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.experts.enums import (
    AttachmentKind,
    AvoidanceKind,
    Gender,
    LeaveReason,
    ReviewDecision,
    TitleLevel,
)
from tenant_apps.experts.models import Domain

# Kinds an expert may declare; the current employer is kept from the profile by the services.
DECLARABLE_AVOIDANCE_KINDS = [(value, label) for value, label in AvoidanceKind.choices if value != AvoidanceKind.CURRENT_EMPLOYER]


# --- bureau: experts -----------------------------------------------------------------------


class ExpertListSerializer(serializers.Serializer):
    """An expert as the bureau's lists show it: a `selectors.MaskedExpert`."""

    id = serializers.IntegerField(source="expert.pk")
    name = serializers.CharField(help_text="脱敏姓名")
    phone = serializers.CharField(help_text="脱敏手机号")
    id_number = serializers.CharField(help_text="脱敏身份证号")
    employer = serializers.CharField(help_text="脱敏工作单位")
    title = serializers.CharField(source="expert.title")
    title_level = serializers.CharField(source="expert.title_level")
    region = serializers.CharField(source="expert.region")
    status = serializers.CharField(source="expert.status", help_text="draft / pending / approved / rejected")
    source = serializers.CharField(source="expert.source", help_text="self / recommended / admin / import")
    review_level = serializers.IntegerField(source="expert.review_level")
    expert_type = serializers.IntegerField(source="expert.expert_type_id", allow_null=True)
    org_unit = serializers.IntegerField(source="expert.org_unit_id", allow_null=True)
    points = serializers.IntegerField(source="expert.points")
    is_blacklisted = serializers.BooleanField(source="expert.is_blacklisted")
    blacklist_reason = serializers.CharField(source="expert.blacklist_reason")
    is_deleted = serializers.BooleanField(source="expert.is_deleted")
    is_frozen = serializers.BooleanField(source="expert.is_frozen")
    approved_at = serializers.DateTimeField(source="expert.approved_at", allow_null=True)
    domains = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ExpertsExpert"

    def get_domains(self, obj) -> list[int]:
        return [d.pk for d in obj.expert.domains.all()]

    def get_tags(self, obj) -> list[int]:
        return [t.pk for t in obj.expert.tags.all()]


class ExpertCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    phone = serializers.CharField(max_length=20)
    employer = serializers.CharField(max_length=200)
    title = serializers.CharField(max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    title_level = serializers.CharField(required=False, allow_blank=True, default="")
    region = serializers.CharField(required=False, allow_blank=True, default="")
    specialty = serializers.CharField(required=False, allow_blank=True, default="")
    domain_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    expert_type_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    org_unit_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    notify = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "ExpertsExpertCreate"


class ExpertReviewDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="驳回时必填")

    class Meta:
        ref_name = "ExpertsReview"


class ExpertDomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["id", "name", "parent", "level", "path"]
        ref_name = "ExpertsDomain"


class ExpertEligibleCountSerializer(serializers.Serializer):
    eligible = serializers.IntegerField()
    excluded = serializers.DictField(child=serializers.IntegerField())

    class Meta:
        ref_name = "ExpertsEligibleCount"


class ExpertTypeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()

    class Meta:
        ref_name = "ExpertType"


class ExpertReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", help_text="原因（列入黑名单时必填）")

    class Meta:
        ref_name = "ExpertReason"


class ExpertRevealInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", help_text="查看原因（写入审计日志）")

    class Meta:
        ref_name = "ExpertRevealInput"


class ExpertRevealSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    id_number = serializers.CharField()
    employer = serializers.CharField()
    bank_account = serializers.CharField()

    class Meta:
        ref_name = "ExpertRevealed"


class ExpertExportFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()

    class Meta:
        ref_name = "ExpertExportField"


# Fields the panorama's in-place edit changes; the personal ones (and the phone) need the
# right to see personal data in full, as on the page.
BUREAU_EDIT_FIELDS = ["gender", "birth_date", "email", "position", "title", "title_level", "education", "specialty", "region",
                      "postal_code", "address", "bank_name", "resume"]
BUREAU_PERSONAL_EDIT_FIELDS = ["name", "employer", "bank_account", "phone"]


class ExpertBureauUpdateSerializer(serializers.Serializer):
    """The bureau's edit of an expert (panorama). Changes apply at once with a change record.
    name, employer, bank_account and phone need experts.reveal_personal_data; a blank bank
    account or phone means "keep"."""

    name = serializers.CharField(max_length=50, required=False, help_text="需要查看完整个人信息权限")
    employer = serializers.CharField(max_length=200, required=False, help_text="需要查看完整个人信息权限")
    bank_account = serializers.CharField(max_length=40, required=False, allow_blank=True, help_text="需要查看完整个人信息权限")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="登录手机号，唯一；需要查看完整个人信息权限")
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title_level = serializers.ChoiceField(choices=TitleLevel.choices, required=False, allow_blank=True)
    education = serializers.CharField(max_length=50, required=False, allow_blank=True)
    specialty = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = serializers.CharField(max_length=50, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    bank_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    resume = serializers.CharField(required=False, allow_blank=True)
    domains = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="专业领域 id（整体替换）")
    expert_type_id = serializers.IntegerField(required=False, allow_null=True, help_text="专家类型 id；null 表示不设类型")

    class Meta:
        ref_name = "ExpertBureauUpdate"


class ExpertParticipationSerializer(serializers.Serializer):
    """One line of the panorama's draw records (抽取记录)."""

    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="drawn 被抽中 / accepted 确认参加 / declined 拒绝参加 / attended 实际参评")
    kind_label = serializers.CharField(source="get_kind_display")
    project_id = serializers.IntegerField(allow_null=True)
    project_title = serializers.CharField()
    org_unit = serializers.IntegerField(source="org_unit_id", allow_null=True, help_text="使用部门 id")
    org_unit_name = serializers.SerializerMethodField()
    occurred_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ExpertParticipation"

    def get_org_unit_name(self, participation) -> str:
        return participation.org_unit.name if participation.org_unit_id else ""


# --- bureau: domains and expert types ------------------------------------------------------


class ExpertDomainInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    parent = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="上级领域 id；空为一级领域（最多三级）")
    sort_order = serializers.IntegerField(min_value=0, required=False, default=0)

    class Meta:
        ref_name = "ExpertDomainInput"


class ExpertDomainImportResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="新增的领域个数（已存在的同名领域保留）")

    class Meta:
        ref_name = "ExpertDomainImportResult"


class ExpertTypeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    sort_order = serializers.IntegerField(min_value=0, required=False, default=0)

    class Meta:
        ref_name = "ExpertTypeInput"


# --- bureau: tags, saved searches ----------------------------------------------------------


class ExpertTagSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", max_length=7, required=False, default="#c8102e")

    class Meta:
        ref_name = "ExpertTag"


class ExpertTagAssignSerializer(serializers.Serializer):
    expert_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=500)
    remove = serializers.BooleanField(required=False, default=False, help_text="true 表示移出该标签")

    class Meta:
        ref_name = "ExpertTagAssign"


class ExpertCountSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="处理的专家人数")

    class Meta:
        ref_name = "ExpertCount"


class ExpertSavedSearchSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    query = serializers.CharField(max_length=1000, allow_blank=True, help_text="专家搜索的查询串，如 q=张&domain=3&pool=eligible")
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "ExpertSavedSearch"


# --- bureau: changes and admission review --------------------------------------------------


class ExpertChangeSerializer(serializers.Serializer):
    """A profile change; `before`/`after` hold only the changed fields (姓名、工作单位 masked
    unless the caller may reveal personal data; bank accounts always masked)."""

    id = serializers.IntegerField()
    expert = serializers.IntegerField(source="expert_id")
    status = serializers.CharField(help_text="applied / pending / approved / rejected")
    before = serializers.DictField()
    after = serializers.DictField()
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()

    class Meta:
        ref_name = "ExpertChange"


class ExpertChangeDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "ExpertChangeDecision"


class ExpertReviewQueueItemSerializer(serializers.Serializer):
    expert = ExpertListSerializer()
    level = serializers.IntegerField(help_text="当前审核级次")
    level_name = serializers.CharField()
    can_review = serializers.BooleanField(help_text="调用者是否为当前审核级的审核人")
    submitted_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ExpertReviewQueueItem"


class ExpertReviewLevelSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    group = serializers.IntegerField(source="group_id", allow_null=True)
    group_name = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ExpertReviewLevel"

    def get_group_name(self, level) -> str:
        return level.group.name if level.group_id else ""


# --- bureau: campaigns, certificates, points, statistics, import ---------------------------


class ExpertCampaignSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    deadline = serializers.DateTimeField()
    status = serializers.CharField(help_text="open / closed")
    created_at = serializers.DateTimeField()
    frozen_count = serializers.IntegerField(help_text="截止后被冻结的人数")
    total = serializers.IntegerField(help_text="需确认的专家人数")
    confirmed = serializers.IntegerField(help_text="已确认人数")

    class Meta:
        ref_name = "ExpertCampaign"


class ExpertCampaignCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    deadline = serializers.DateField(help_text="截止日期（当日 23:59:59 截止）")

    class Meta:
        ref_name = "ExpertCampaignCreate"


class ExpertCertificateTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    expert_type = serializers.IntegerField(source="expert_type_id", allow_null=True, required=False, help_text="适用专家类型 id；空为默认模板")
    title_text = serializers.CharField(max_length=50, required=False)
    body_text = serializers.CharField(max_length=300, required=False, help_text="占位符：{name} {domains} {employer} {title} {expert_type}")
    layout = serializers.ListField(child=serializers.DictField(), required=False, help_text='字段位置（毫米），如 [{"field":"name","x":40,"y":80,"size":20}]')
    validity_years = serializers.IntegerField(min_value=1, max_value=20, required=False)
    is_active = serializers.BooleanField(required=False)
    background = serializers.ImageField(write_only=True, required=False, help_text="底版图片（PNG/JPG，A4 横向）")
    has_background = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ExpertCertificateTemplate"

    def get_has_background(self, template) -> bool:
        return bool(template.background)


class ExpertCertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    expert = serializers.IntegerField(source="expert_id")
    expert_name = serializers.CharField(help_text="专家本人看到完整姓名，管理端为脱敏姓名")
    number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    valid_until = serializers.DateField()
    status = serializers.CharField(help_text="valid / expired / revoked")
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoke_reason = serializers.CharField()
    pdf_url = serializers.CharField(help_text="PDF 下载地址（需登录）")
    verify_url = serializers.CharField(help_text="公开验证页（证书二维码中的地址）")

    class Meta:
        ref_name = "ExpertCertificate"


class ExpertPointRuleSerializer(serializers.Serializer):
    event = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    points = serializers.IntegerField(min_value=-1000, max_value=1000)
    is_active = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "ExpertPointRule"


class ExpertPointEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    points = serializers.IntegerField()
    balance = serializers.IntegerField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ExpertPointEntry"


class ExpertPointsAdjustSerializer(serializers.Serializer):
    points = serializers.IntegerField(min_value=-10000, max_value=10000)
    reason = serializers.CharField(max_length=200)

    class Meta:
        ref_name = "ExpertPointsAdjust"


class ExpertStatisticsBarSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="相对最大项的百分比（画条形图用）")

    class Meta:
        ref_name = "ExpertStatisticsBar"


class ExpertStatisticsMonthlySerializer(serializers.Serializer):
    department = serializers.CharField()
    counts = serializers.ListField(child=serializers.IntegerField(), help_text="与 months 一一对应的抽取人次")
    total = serializers.IntegerField()

    class Meta:
        ref_name = "ExpertStatisticsMonthly"


class ExpertStatisticsSerializer(serializers.Serializer):
    total = serializers.IntegerField(help_text="在库专家")
    eligible = serializers.IntegerField(help_text="当前可抽取")
    by_domain = ExpertStatisticsBarSerializer(many=True)
    by_title = ExpertStatisticsBarSerializer(many=True)
    by_region = ExpertStatisticsBarSerializer(many=True)
    by_activity = ExpertStatisticsBarSerializer(many=True)
    months = serializers.ListField(child=serializers.CharField(), help_text="YYYY-MM")
    monthly = ExpertStatisticsMonthlySerializer(many=True)
    exclusions = serializers.DictField(child=serializers.IntegerField(), help_text="不可抽取人数：deleted / blacklisted / frozen / on_leave")

    class Meta:
        ref_name = "ExpertStatistics"


class ExpertImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="按导入模板填写的 .xlsx 文件")

    class Meta:
        ref_name = "ExpertImportUpload"


class ExpertImportRejectionSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Excel 行号")
    reason = serializers.CharField()

    class Meta:
        ref_name = "ExpertImportRejection"


class ExpertImportJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="pending / running / done / failed")
    file_name = serializers.CharField()
    total_rows = serializers.IntegerField()
    processed_rows = serializers.IntegerField()
    succeeded_rows = serializers.IntegerField()
    rejected_rows = serializers.IntegerField()
    progress = serializers.IntegerField(help_text="0-100")
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    report_url = serializers.CharField(allow_null=True, help_text="未导入行报告（.xlsx），完成且有未导入行时才有")
    rejections = ExpertImportRejectionSerializer(many=True)

    class Meta:
        ref_name = "ExpertImportJob"


# --- expert side ---------------------------------------------------------------------------


class ExpertRegistrationCodeSerializer(serializers.Serializer):
    target = serializers.CharField(max_length=100, help_text="11 位手机号或邮箱")

    class Meta:
        ref_name = "ExpertRegistrationCode"


class ExpertRegistrationCodeSentSerializer(serializers.Serializer):
    channel = serializers.CharField(help_text="sms / email")

    class Meta:
        ref_name = "ExpertRegistrationCodeSent"


class ExpertRegistrationStartSerializer(serializers.Serializer):
    target = serializers.CharField(max_length=100, help_text="收到验证码的手机号或邮箱")
    code = serializers.CharField(max_length=10)
    invite_token = serializers.CharField(max_length=64, required=False, allow_blank=True, default="", help_text="推荐邮件链接中的 invite 参数")

    class Meta:
        ref_name = "ExpertRegistrationStart"


class ExpertOwnProfileSerializer(serializers.Serializer):
    """The signed-in expert's own data: name and employer in full; phone, ID number and bank
    account masked as on the personal centre."""

    id = serializers.IntegerField()
    status = serializers.CharField(help_text="draft / pending / approved / rejected")
    source = serializers.CharField()
    draft_step = serializers.IntegerField()
    name = serializers.CharField()
    gender = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    phone = serializers.CharField(help_text="脱敏")
    id_number = serializers.CharField(help_text="脱敏")
    email = serializers.CharField()
    employer = serializers.CharField()
    position = serializers.CharField()
    title = serializers.CharField()
    title_level = serializers.CharField()
    education = serializers.CharField()
    specialty = serializers.CharField()
    region = serializers.CharField()
    postal_code = serializers.CharField()
    address = serializers.CharField()
    bank_name = serializers.CharField()
    bank_account = serializers.CharField(help_text="脱敏")
    resume = serializers.CharField()
    domains = serializers.ListField(child=serializers.IntegerField())
    expert_type = serializers.CharField(help_text="专家类型名称")
    points = serializers.IntegerField()
    is_frozen = serializers.BooleanField()
    is_on_leave = serializers.BooleanField()
    pending_changes = serializers.IntegerField(help_text="待审核的信息变更数")
    sensitive_fields = serializers.ListField(child=serializers.CharField(), help_text="修改后需审核的字段")
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ExpertOwnProfile"


class ExpertRegistrationSessionSerializer(serializers.Serializer):
    token = serializers.CharField(help_text='之后的请求带上 "Authorization: Token <token>"')
    profile = ExpertOwnProfileSerializer()

    class Meta:
        ref_name = "ExpertRegistrationSession"


class ExpertAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="degree / title / other")
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()

    class Meta:
        ref_name = "ExpertAttachment"


class ExpertAttachmentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices, required=False, default=AttachmentKind.OTHER)
    file = serializers.FileField(help_text="PDF、JPG 或 PNG")

    class Meta:
        ref_name = "ExpertAttachmentUpload"


class ExpertApplicationSerializer(serializers.Serializer):
    profile = ExpertOwnProfileSerializer()
    can_edit = serializers.BooleanField(help_text="草稿或未通过时可修改、提交")
    missing = serializers.ListField(child=serializers.CharField(), help_text="提交前还需填写的项目")
    attachments = ExpertAttachmentSerializer(many=True)
    max_attachment_mb = serializers.IntegerField()

    class Meta:
        ref_name = "ExpertApplication"


class ExpertSubmitSerializer(serializers.Serializer):
    pledge = serializers.BooleanField(required=False, default=False, help_text="签署诚信承诺（必须为 true）")


class ExpertDraftStepSerializer(serializers.Serializer):
    """One step of the application form; only the fields of that step are saved."""

    step = serializers.IntegerField(min_value=1, max_value=4, help_text="1 基本信息 / 2 工作信息 / 3 专业领域 / 4 证明材料")
    privacy_consent = serializers.BooleanField(required=False, default=False, help_text="已阅读并同意《个人信息处理说明》（填写身份证号前必须同意）")
    name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="已用手机号登录时不能在此修改")
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title_level = serializers.ChoiceField(choices=TitleLevel.choices, required=False, allow_blank=True)
    education = serializers.CharField(max_length=50, required=False, allow_blank=True)
    specialty = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = serializers.CharField(max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    domains = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="专业领域 id")
    resume = serializers.CharField(required=False, allow_blank=True)

    class Meta:
        ref_name = "ExpertDraftStep"


class ExpertProfileUpdateSerializer(serializers.Serializer):
    """Fields an expert changes from the personal centre. Ordinary fields apply at once; the
    bureau's sensitive fields wait for approval. A blank bank account means "keep"."""

    email = serializers.EmailField(required=False, allow_blank=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    position = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title_level = serializers.ChoiceField(choices=TitleLevel.choices, required=False, allow_blank=True)
    education = serializers.CharField(max_length=50, required=False, allow_blank=True)
    specialty = serializers.CharField(max_length=200, required=False, allow_blank=True)
    region = serializers.CharField(max_length=50, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=10, required=False, allow_blank=True)
    bank_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    bank_account = serializers.CharField(max_length=40, required=False, allow_blank=True)
    resume = serializers.CharField(required=False, allow_blank=True)
    domains = serializers.ListField(child=serializers.IntegerField(), required=False)

    class Meta:
        ref_name = "ExpertProfileUpdate"


class ExpertOwnChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="applied 已生效 / pending 待审核 / approved 已通过 / rejected 已驳回")
    before = serializers.DictField()
    after = serializers.DictField()
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()

    class Meta:
        ref_name = "ExpertOwnChange"


class ExpertProfileUpdateResultSerializer(serializers.Serializer):
    profile = ExpertOwnProfileSerializer()
    changes = ExpertOwnChangeSerializer(many=True, help_text="本次产生的变更记录")

    class Meta:
        ref_name = "ExpertProfileUpdateResult"


class ExpertRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    email = serializers.EmailField()
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="", write_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    accepted = serializers.SerializerMethodField()

    class Meta:
        ref_name = "ExpertRecommendation"

    def get_accepted(self, invitation) -> bool:
        return invitation.accepted_expert_id is not None


class ExpertLeaveSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    reason = serializers.ChoiceField(choices=LeaveReason.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    cancelled_at = serializers.DateTimeField(read_only=True, allow_null=True)
    is_current = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "ExpertLeave"


class ExpertAvoidanceUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=AvoidanceKind.choices, help_text="current_employer 由工作单位自动维护，不能手工添加")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "ExpertAvoidanceUnit"

    def validate_kind(self, value: str) -> str:
        if value not in dict(DECLARABLE_AVOIDANCE_KINDS):
            raise serializers.ValidationError("现任职单位随工作单位自动维护。")
        return value


class ExpertConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    campaign_title = serializers.CharField(source="campaign.title")
    deadline = serializers.DateTimeField(source="campaign.deadline")
    campaign_status = serializers.CharField(source="campaign.status", help_text="open / closed")
    confirmed_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "ExpertConfirmation"

