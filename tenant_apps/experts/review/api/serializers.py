"""Serializers of the online review API (names start with Review, unique in the schema)."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.experts.review.enums import Aggregation, TotalMethod

SCORE = {"max_digits": 6, "decimal_places": 2}


class ReviewSetupSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    project_id = serializers.IntegerField(help_text="抽取项目 id（创建时必填）")
    project_title = serializers.CharField(source="project.title", read_only=True)
    state = serializers.SerializerMethodField(help_text="preparing 准备中 / scheduled 待开始 / open 评审中 / closed 已结束")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    instructions = serializers.CharField(required=False, allow_blank=True, default="")
    total_method = serializers.ChoiceField(choices=TotalMethod.choices, default=TotalMethod.SUM)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices, default=Aggregation.MEAN)
    trim_min_experts = serializers.IntegerField(min_value=3, max_value=99, default=5)
    min_scorers = serializers.IntegerField(min_value=1, max_value=99, default=1)
    decimals = serializers.IntegerField(min_value=0, max_value=4, default=2)
    pass_score = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True, default=None)
    is_comment_required = serializers.BooleanField(default=False)
    published_at = serializers.DateTimeField(read_only=True)
    closed_at = serializers.DateTimeField(read_only=True)

    def get_state(self, obj) -> str:
        return obj.state()


class ReviewSetupUpdateSerializer(ReviewSetupSerializer):
    project_id = serializers.IntegerField(read_only=True)


class ReviewIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True, help_text="保留已有指标时传其 id；新指标不传")
    name = serializers.CharField(max_length=100)
    max_score = serializers.DecimalField(**SCORE)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, default=0)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReviewSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(max_length=200)
    applicant = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.SerializerMethodField()

    def get_files(self, obj) -> list[dict]:
        return [{"id": f.pk, "name": f.original_name, "size": f.size} for f in obj.files.all()]


class ReviewFileUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ReviewFileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()


class ReviewRemindSerializer(serializers.Serializer):
    channels = serializers.ListField(child=serializers.ChoiceField(choices=["sms", "email", "letter", "wechat"]), required=False, default=list)


class ReviewRemindResultSerializer(serializers.Serializer):
    reminded = serializers.IntegerField(help_text="收到提醒的专家人数")


class ReviewReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ReviewProgressSubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField()
    title = serializers.CharField()


class ReviewProgressReviewerSerializer(serializers.Serializer):
    expert_id = serializers.IntegerField(source="member.expert_id")
    name = serializers.CharField(help_text="开标前对无权限的操作员遮蔽")
    submitted = serializers.IntegerField()
    recused = serializers.IntegerField()
    draft = serializers.IntegerField()
    not_started = serializers.IntegerField()
    statuses = serializers.ListField(child=serializers.CharField(allow_blank=True), help_text="按材料顺序：submitted / recused / draft / 空=未评")


class ReviewProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField()
    submissions = ReviewProgressSubmissionSerializer(many=True)
    reviewers = ReviewProgressReviewerSerializer(many=True)


class ReviewScoreValueSerializer(serializers.Serializer):
    indicator_id = serializers.IntegerField()
    value = serializers.DecimalField(**SCORE, allow_null=True)


class ReviewSummaryLineSerializer(serializers.Serializer):
    sheet_id = serializers.IntegerField(source="sheet.pk")
    expert_id = serializers.IntegerField(source="sheet.expert_id")
    name = serializers.CharField()
    status = serializers.CharField(source="sheet.status")
    total = serializers.SerializerMethodField(help_text="专家总分（按规则的小数位）；回避为空")
    counted = serializers.BooleanField()
    dropped = serializers.CharField(help_text="highest / lowest：去高去低时被去掉")
    scores = serializers.SerializerMethodField()
    comment = serializers.CharField(source="sheet.comment")
    recusal_reason = serializers.CharField(source="sheet.recusal_reason")

    def get_total(self, obj) -> str | None:
        return None if obj.total is None else str(obj.total)

    def get_scores(self, obj) -> list[dict]:
        return [{"indicator_id": k, "value": str(v)} for k, v in obj.scores.items()]


class ReviewSummarySubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="submission.pk")
    number = serializers.IntegerField(source="submission.number")
    title = serializers.CharField(source="submission.title")
    applicant = serializers.CharField(source="submission.applicant")
    unit = serializers.CharField(source="submission.unit")
    rank = serializers.IntegerField(source="result.rank", allow_null=True)
    final = serializers.SerializerMethodField(help_text="最终得分（按规则的小数位）；有效评分不足时为空")
    passed = serializers.BooleanField(source="result.passed", allow_null=True)
    valid_count = serializers.IntegerField(source="result.valid_count")
    recused = serializers.IntegerField()
    pending = serializers.IntegerField()
    indicator_means = serializers.SerializerMethodField()
    experts = ReviewSummaryLineSerializer(source="lines", many=True)

    def get_final(self, obj) -> str | None:
        return None if obj.result.final is None else str(obj.result.final)

    def get_indicator_means(self, obj) -> list[dict]:
        return [{"indicator_id": k, "value": str(v)} for k, v in obj.result.indicator_means.items()]


class ReviewSummarySerializer(serializers.Serializer):
    indicators = ReviewIndicatorSerializer(many=True)
    max_total = serializers.DecimalField(max_digits=9, decimal_places=2)
    rules = serializers.ListField(child=serializers.CharField())
    reviewer_count = serializers.IntegerField()
    rows = ReviewSummarySubmissionSerializer(source="ranked", many=True)


# --- experts --------------------------------------------------------------------------------


class ReviewMineSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="setup.pk")
    project_title = serializers.CharField(source="setup.project.title")
    state = serializers.SerializerMethodField()
    opens_at = serializers.DateTimeField(source="setup.opens_at")
    closes_at = serializers.DateTimeField(source="setup.closes_at")
    submissions = serializers.IntegerField()
    done = serializers.IntegerField()

    def get_state(self, obj) -> str:
        return obj.setup.state()


class ReviewMySheetSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="draft 草稿 / submitted 已提交 / recused 已回避")
    scores = ReviewScoreValueSerializer(many=True)
    comment = serializers.CharField(allow_blank=True)
    declared_no_conflict = serializers.BooleanField()
    recusal_reason = serializers.CharField(allow_blank=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class ReviewMySubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    applicant = serializers.CharField()
    unit = serializers.CharField()
    description = serializers.CharField()
    files = ReviewFileSerializer(many=True)
    sheet = ReviewMySheetSerializer(allow_null=True)


class ReviewMineDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    project_title = serializers.CharField()
    state = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    instructions = serializers.CharField()
    rules = serializers.ListField(child=serializers.CharField())
    indicators = ReviewIndicatorSerializer(many=True)
    submissions = ReviewMySubmissionSerializer(many=True)


class ReviewSheetInputSerializer(serializers.Serializer):
    scores = ReviewScoreValueSerializer(many=True, help_text="每个指标一项；value 为空表示未评（仅草稿允许）")
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    declared_no_conflict = serializers.BooleanField(default=False, help_text="提交时必须为 true")
    submit = serializers.BooleanField(default=False, help_text="true 提交（提交后锁定），false 保存草稿")


class ReviewRecuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)
