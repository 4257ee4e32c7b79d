from rest_framework import serializers

from tenant_apps.employment.destinations.enums import (
    CATEGORY_CHOICES,
    Confirmation,
    DestinationStatus,
    ReviewLevel,
)


class DestinationEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="权限检查后的下载链接")


class DestinationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    record_id = serializers.IntegerField()
    student_number = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    sub_code = serializers.CharField()
    employer_name = serializers.CharField()
    employer_credit_code = serializers.CharField()
    employer_region = serializers.CharField()
    job_title = serializers.CharField()
    contract_start = serializers.DateField(allow_null=True)
    contract_end = serializers.DateField(allow_null=True)
    monthly_pay = serializers.IntegerField(allow_null=True)
    admitting_school = serializers.CharField()
    country = serializers.CharField()
    status = serializers.ChoiceField(choices=DestinationStatus.choices)
    is_filed_by_staff = serializers.BooleanField()
    return_reason = serializers.CharField()
    confirmation = serializers.ChoiceField(choices=Confirmation.choices)
    evidence = serializers.ListField(child=serializers.CharField(), help_text="证明材料 SHA-256")
    evidence_files = DestinationEvidenceSerializer(many=True, help_text="证明材料（下载链接只对本次请求的用户有效）")
    flags = serializers.ListField(child=serializers.CharField(), help_text="异常提示")


class DestinationInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    sub_code = serializers.CharField(required=False, allow_blank=True)
    employer_name = serializers.CharField(required=False, allow_blank=True)
    employer_credit_code = serializers.CharField(required=False, allow_blank=True)
    employer_region = serializers.CharField(required=False, allow_blank=True)
    employer_nature = serializers.CharField(required=False, allow_blank=True)
    employer_size = serializers.CharField(required=False, allow_blank=True)
    employer_founded_on = serializers.DateField(required=False, allow_null=True)
    employer_address = serializers.CharField(required=False, allow_blank=True)
    job_title = serializers.CharField(required=False, allow_blank=True)
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)
    monthly_pay = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    admitting_school = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True)
    project_name = serializers.CharField(required=False, allow_blank=True)
    shop_url = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class DestinationReviewInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=ReviewLevel.choices)
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class DestinationConfirmInputSerializer(serializers.Serializer):
    agree = serializers.BooleanField()
    text = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class DisputeResolveInputSerializer(serializers.Serializer):
    uphold = serializers.BooleanField()
    resolution = serializers.CharField(max_length=500)


class LedgerProblemSerializer(serializers.Serializer):
    record_id = serializers.IntegerField()
    sequence = serializers.IntegerField(allow_null=True)
    problem = serializers.CharField()


class LedgerVerifyOutputSerializer(serializers.Serializer):
    checked = serializers.IntegerField()
    problems = LedgerProblemSerializer(many=True)


class CategoryOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    is_placed = serializers.BooleanField()
    required = serializers.ListField(child=serializers.CharField())
    needs_evidence = serializers.BooleanField()
    needs_minimum_wage = serializers.BooleanField()
    sub_codes = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class DestinationOnBehalfInputSerializer(DestinationInputSerializer):
    submit = serializers.BooleanField(required=False, default=False, help_text="保存后直接提交辅导员审核")
    files = serializers.ListField(child=serializers.FileField(), required=False, help_text="证明材料（multipart 时）")


class DestinationExportTemplateColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="字段，见 columns 接口")
    header = serializers.CharField(required=False, allow_blank=True, max_length=60, help_text="列名（留空用默认名）")


class DestinationExportTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=60)
    columns = DestinationExportTemplateColumnSerializer(many=True, help_text="按导出顺序")


class DestinationExportColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    header = serializers.CharField()


class DestinationExportInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, help_text="导出事由（含个人信息，必填，至少 4 个字）")
    template = serializers.IntegerField(required=False, help_text="本人的导出模板 id（kind=template 时必填）")
    q = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    status = serializers.CharField(required=False, allow_blank=True)
    category = serializers.CharField(required=False, allow_blank=True)
    unit = serializers.IntegerField(required=False)
    confirmation = serializers.CharField(required=False, allow_blank=True)
