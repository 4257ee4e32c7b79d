"""Serializers of the panels API. Names start with Panel (component names "Panels..."), so they
never collide with another module's. Expert names only ever appear for drawn members, masked
as the pages mask them; candidate pools are counts and ids, never names."""

from __future__ import annotations

from rest_framework import serializers

from core.files import download_url
from tenant_apps.experts.enums import TitleLevel
from tenant_apps.experts.panels.enums import (
    Channel,
    DrawMode,
    DrawStatus,
    InvitationMode,
    MemberKind,
    MemberStatus,
    PanelRole,
    ProjectStatus,
)

# --- projects -------------------------------------------------------------------------------


class PanelProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="", help_text="留空自动编号")
    title = serializers.CharField(max_length=200)
    owner_unit = serializers.CharField(max_length=200, help_text="项目单位（该单位的专家回避）")
    related_units = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list, help_text="相关单位（同样回避）")
    department_id = serializers.IntegerField(required=False, allow_null=True, default=None, help_text="负责部门；新建时默认为本人部门")
    category = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    opens_at = serializers.DateTimeField(help_text="开标/评审时间")
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    batch_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", help_text="同一批次的项目共用一个评审组")
    batch_id = serializers.IntegerField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, read_only=True)
    review_note = serializers.CharField(read_only=True)
    approved_at = serializers.DateTimeField(read_only=True, allow_null=True)
    assigned_to_id = serializers.IntegerField(read_only=True, allow_null=True, help_text="跟进人")
    is_archived = serializers.BooleanField(read_only=True)
    archived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "PanelsProject"

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["batch_name"] = instance.batch.name if instance.batch_id else ""
        return data


class PanelReviewSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", help_text="审核意见")

    class Meta:
        ref_name = "PanelsReview"


class PanelNoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(max_length=2000)
    assign_to_id = serializers.IntegerField(required=False, allow_null=True, default=None, write_only=True, help_text="同时把项目指派给该工作人员")
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "PanelsNote"

    def get_author(self, obj) -> str:
        return str(obj.author) if obj.author_id else ""


class PanelAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    file = serializers.FileField(write_only=True)
    is_shared_with_experts = serializers.BooleanField(required=False, default=True, help_text="受邀专家可在个人中心下载")
    name = serializers.CharField(source="original_name", read_only=True)
    size = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    uploaded_at = serializers.DateTimeField(read_only=True)

    class Meta:
        ref_name = "PanelsAttachment"

    def get_url(self, obj) -> str:
        return download_url(obj.file, user=self.context["request"].user, filename=obj.original_name)


class PanelBatchProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()

    class Meta:
        ref_name = "PanelsBatchProject"


class PanelBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    projects = PanelBatchProjectSerializer(many=True, help_text="本人可见的项目（第一个为牵头项目，抽取挂在它上面）")

    class Meta:
        ref_name = "PanelsBatch"


class PanelBatchSetSerializer(serializers.Serializer):
    project_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    batch_name = serializers.CharField(max_length=100, allow_blank=True, help_text="同一批次的项目共用一个评审组；留空则移出批次")

    class Meta:
        ref_name = "PanelsBatchSet"


# --- conditions, pre-query ------------------------------------------------------------------


class PanelGroupConditionsSerializer(serializers.Serializer):
    count = serializers.IntegerField(min_value=1, max_value=200, help_text="本组抽取人数")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    domain_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=100, help_text="专业领域（含下级）")
    title_levels = serializers.ListField(child=serializers.ChoiceField(choices=TitleLevel.choices), required=False, default=list)
    regions = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list, max_length=50, help_text="地区前缀")
    tag_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=100, help_text="专家分组")
    max_times_drawn = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None, help_text="被抽中次数上限")

    class Meta:
        ref_name = "PanelsGroupConditions"


class PanelDrawConditionsSerializer(serializers.Serializer):
    work_start = serializers.DateField()
    work_end = serializers.DateField()
    groups = PanelGroupConditionsSerializer(many=True, help_text="条件组（如 A 领域 6 人、B 领域 3 人）")
    avoid_expert_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=500, help_text="指定回避的专家")
    cool_down_days = serializers.IntegerField(min_value=0, max_value=3650, required=False, default=0, help_text="冷却期（天）")
    cool_down_max = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0, help_text="冷却期内最多抽中次数")
    allow_parent_fallback = serializers.BooleanField(required=False, default=False, help_text="人数不足时补抽上一级领域")

    class Meta:
        ref_name = "PanelsDrawConditions"

    def validate_groups(self, value):
        if not value or len(value) > 20:
            raise serializers.ValidationError("请设置 1 至 20 个条件组。")
        return value


class PanelDrawPrepareSerializer(PanelDrawConditionsSerializer):
    supervisors = serializers.ListField(child=serializers.CharField(max_length=50), min_length=1, max_length=10, help_text="监督人姓名（执行时每人输入一个随机值）")
    invitation_mode = serializers.ChoiceField(choices=InvitationMode.choices, required=False, default=InvitationMode.PARALLEL)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False, default=list, help_text="通知渠道，默认短信+邮件")
    response_hours = serializers.IntegerField(min_value=1, max_value=240, required=False, default=24)

    class Meta:
        ref_name = "PanelsDrawPrepare"


class PanelExclusionSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="matched/not_eligible/blacklisted/frozen/on_leave/times_drawn/avoid_unit/named/busy/cool_down")
    label = serializers.CharField()
    count = serializers.IntegerField()

    class Meta:
        ref_name = "PanelsExclusion"


class PanelPrequeryGroupSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    count = serializers.IntegerField(help_text="需要人数")
    available = serializers.IntegerField(help_text="可抽取人数")
    is_short = serializers.BooleanField()
    used_fallback = serializers.BooleanField(help_text="计入了上一级领域")
    exclusions = PanelExclusionSerializer(many=True, help_text="各排除原因的人数（只有人数，没有名单）")

    class Meta:
        ref_name = "PanelsPrequeryGroup"


# --- draws ----------------------------------------------------------------------------------


class PanelDrawSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=DrawMode.choices)
    is_manual = serializers.BooleanField(help_text="人工指定（非随机），在所有记录与回执上标明")
    status = serializers.ChoiceField(choices=DrawStatus.choices)
    short_reason = serializers.CharField()
    work_start = serializers.DateField()
    work_end = serializers.DateField()
    commitment = serializers.CharField(help_text="服务器随机值的 SHA-256 承诺，抽取前公布")
    seed = serializers.CharField()
    algorithm = serializers.CharField()
    supervisors = serializers.ListField(child=serializers.CharField())
    verify_token = serializers.CharField()
    frozen_at = serializers.DateTimeField(allow_null=True)
    drawn_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "PanelsDraw"


class PanelConditionGroupSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    domain_ids = serializers.ListField(child=serializers.IntegerField())
    title_levels = serializers.ListField(child=serializers.CharField())
    regions = serializers.ListField(child=serializers.CharField())
    tag_ids = serializers.ListField(child=serializers.IntegerField())
    max_times_drawn = serializers.IntegerField(allow_null=True)
    candidate_count = serializers.IntegerField(help_text="冻结名单人数（名单本身不提供）")
    used_fallback = serializers.BooleanField()
    list_hash = serializers.CharField()
    exclusions = PanelExclusionSerializer(many=True)

    class Meta:
        ref_name = "PanelsConditionGroup"


class PanelMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    row = serializers.IntegerField()
    expert_id = serializers.IntegerField()
    name = serializers.CharField(help_text="评审开始前按规定遮蔽（有查看权限的角色除外）")
    is_revealed = serializers.BooleanField()
    group = serializers.IntegerField(allow_null=True, help_text="条件组号；人工指定为空")
    position = serializers.IntegerField(allow_null=True, help_text="在条件组抽取顺序中的序位")
    kind = serializers.ChoiceField(choices=MemberKind.choices)
    status = serializers.ChoiceField(choices=MemberStatus.choices)
    role = serializers.ChoiceField(choices=PanelRole.choices)
    replaces_row = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    invited_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    response_channel = serializers.CharField()
    attended = serializers.BooleanField()

    class Meta:
        ref_name = "PanelsMember"


class PanelDrawLinksSerializer(serializers.Serializer):
    receipt = serializers.CharField(help_text="回执 JSON（可用公开算法复算）")
    receipt_pdf = serializers.CharField()
    sheet_docx = serializers.CharField()
    sheet_xlsx = serializers.CharField()
    verify_page = serializers.CharField(help_text="公开验证页（无需登录）")
    verify_json = serializers.CharField()

    class Meta:
        ref_name = "PanelsDrawLinks"


class PanelDrawDetailSerializer(PanelDrawSerializer):
    project_title = serializers.CharField()
    supervisor_values = serializers.ListField(child=serializers.CharField())
    server_value = serializers.CharField(allow_null=True, help_text="抽取后公布")
    groups = PanelConditionGroupSerializer(many=True)
    members = PanelMemberSerializer(many=True)
    verification = serializers.DictField(allow_null=True, help_text="复算结果 {ok, problems}；随机抽取执行后才有")
    links = PanelDrawLinksSerializer()

    class Meta:
        ref_name = "PanelsDrawDetail"


class PanelExecuteSerializer(serializers.Serializer):
    supervisor_values = serializers.ListField(child=serializers.CharField(max_length=100), max_length=10, help_text="按监督人顺序，每人一个随机值")

    class Meta:
        ref_name = "PanelsExecute"


class PanelManualDrawSerializer(serializers.Serializer):
    expert_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    work_start = serializers.DateField()
    work_end = serializers.DateField()
    reason = serializers.CharField(max_length=300, help_text="人工指定理由（必填，记入回执）")
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False, default=list)
    response_hours = serializers.IntegerField(min_value=1, max_value=240, required=False, default=24)

    class Meta:
        ref_name = "PanelsManualDraw"


class PanelReceiptSerializer(serializers.Serializer):
    receipt = serializers.DictField(help_text="回执：承诺、服务器随机值（抽取后）、监督随机值、种子、各组冻结名单（专家编号）与每一行")
    verification = serializers.DictField(allow_null=True)
    links = PanelDrawLinksSerializer()

    class Meta:
        ref_name = "PanelsReceipt"


class PanelRolesSerializer(serializers.Serializer):
    member_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1, max_length=200)
    role = serializers.ChoiceField(choices=PanelRole.choices)

    class Meta:
        ref_name = "PanelsRoles"


class PanelRolesResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()

    class Meta:
        ref_name = "PanelsRolesResult"


class PanelAbsentSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MemberStatus.choices, help_text="只能是 declined（拒绝）/leave（请假）/no_answer（未应答）；系统自动同条件补抽并追加在末尾")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    class Meta:
        ref_name = "PanelsAbsent"


class PanelAttendedSerializer(serializers.Serializer):
    attended = serializers.BooleanField(required=False, default=True)

    class Meta:
        ref_name = "PanelsAttended"


class PanelHistorySerializer(PanelDrawSerializer):
    project_code = serializers.CharField(source="project.code")
    project_title = serializers.CharField(source="project.title")
    owner_unit = serializers.CharField(source="project.owner_unit")
    department = serializers.SerializerMethodField()
    member_count = serializers.IntegerField()
    replacement_count = serializers.IntegerField()
    conditions = serializers.SerializerMethodField()

    class Meta:
        ref_name = "PanelsHistory"

    def get_department(self, obj) -> str:
        return obj.project.department.name if obj.project.department_id else ""

    def get_conditions(self, obj) -> str:
        return "；".join(f"第{g.number}组{g.count}人/候选{g.candidate_count}" for g in obj.groups.all())


# --- invitations ----------------------------------------------------------------------------


class PanelInvitationSerializer(serializers.Serializer):
    """One invitation of a draw as staff see it (name masked as on the pages)."""

    member_id = serializers.IntegerField()
    row = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=MemberKind.choices)
    status = serializers.ChoiceField(choices=MemberStatus.choices)
    status_label = serializers.CharField()
    invited_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    response_channel = serializers.CharField()
    reason = serializers.CharField()

    class Meta:
        ref_name = "PanelsInvitation"


class PanelMyFileSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.CharField()

    class Meta:
        ref_name = "PanelsMyFile"


class PanelMyInvitationSerializer(serializers.Serializer):
    """An invitation as the invited expert sees it: the project, never the rest of the panel."""

    id = serializers.IntegerField()
    project_title = serializers.CharField()
    project_code = serializers.CharField()
    opens_at = serializers.DateTimeField()
    location = serializers.CharField()
    status = serializers.ChoiceField(choices=MemberStatus.choices)
    status_label = serializers.CharField()
    role = serializers.ChoiceField(choices=PanelRole.choices)
    deadline = serializers.DateTimeField(allow_null=True)
    responded_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    can_respond = serializers.BooleanField()
    can_take_leave = serializers.BooleanField(help_text="仍在评审组中且距评审开始超过 2 小时")
    files = PanelMyFileSerializer(many=True, help_text="对专家可见的项目文件（详情中提供）", required=False)

    class Meta:
        ref_name = "PanelsMyInvitation"


class PanelRespondSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="", help_text="拒绝时必填")

    class Meta:
        ref_name = "PanelsRespond"


class PanelLeaveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="请假事由；评审开始前 2 小时截止")

    class Meta:
        ref_name = "PanelsLeave"
