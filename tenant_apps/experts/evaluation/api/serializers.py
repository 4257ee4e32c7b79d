"""Shapes of the evaluation API. Names start with "Evaluation" (unique across the schema)."""

from __future__ import annotations

from rest_framework import serializers

from tenant_apps.experts.evaluation.enums import (
    FlagOutcome,
    FlagStatus,
    ParticipationGrade,
    RuleCondition,
)


class EvaluationIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    weight = serializers.IntegerField(min_value=1, max_value=100, help_text="分值（该指标最高得分）；各指标合计 100")
    description = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class EvaluationIndicatorSetSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    scoring_days = serializers.IntegerField(min_value=0, max_value=60, default=2, help_text="评审结束后多少天内完成评分")
    is_active = serializers.BooleanField(read_only=True)
    in_use = serializers.BooleanField(read_only=True, help_text="已用于评分（不能再修改）")
    indicators = EvaluationIndicatorSerializer(many=True)


class EvaluationScoreSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text="指标 id")
    score = serializers.DecimalField(max_digits=4, decimal_places=1, help_text="得分，0 到该指标分值，最多一位小数")


class EvaluationRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    member_id = serializers.IntegerField()
    expert_id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    project_title = serializers.CharField()
    total = serializers.DecimalField(max_digits=5, decimal_places=1)
    participation = serializers.CharField()
    comment = serializers.CharField()
    scored_by = serializers.CharField()
    scored_at = serializers.DateTimeField()
    scores = EvaluationScoreSerializer(many=True)


class EvaluationSubmitSerializer(serializers.Serializer):
    scores = EvaluationScoreSerializer(many=True)
    participation = serializers.ChoiceField(choices=ParticipationGrade.choices, required=False, allow_blank=True, default="")
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EvaluationSheetRowSerializer(serializers.Serializer):
    member_id = serializers.IntegerField()
    row = serializers.IntegerField()
    expert_id = serializers.IntegerField()
    name = serializers.CharField(help_text="按抽取信息保护规则脱敏")
    role = serializers.CharField()
    evaluation = EvaluationRecordSerializer(allow_null=True)


class EvaluationDrawSheetSerializer(serializers.Serializer):
    draw_id = serializers.IntegerField()
    project_id = serializers.IntegerField()
    indicator_set_id = serializers.IntegerField(allow_null=True, help_text="已开启评分的指标体系；未开启时为当前启用的")
    round_opened = serializers.BooleanField()
    deadline = serializers.DateTimeField(allow_null=True)
    is_open = serializers.BooleanField(help_text="评审已开始，可以评分")
    is_locked = serializers.BooleanField(help_text="已过评分截止时间，评分锁定")
    indicators = EvaluationIndicatorSerializer(many=True)
    rows = EvaluationSheetRowSerializer(many=True)


class EvaluationDeadlineSerializer(serializers.Serializer):
    deadline = serializers.DateTimeField()


class EvaluationRoundSerializer(serializers.Serializer):
    draw_id = serializers.IntegerField()
    indicator_set_id = serializers.IntegerField()
    deadline = serializers.DateTimeField()


class EvaluationSummarySerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="受邀次数")
    accepted = serializers.IntegerField(help_text="接受邀请次数")
    declined = serializers.IntegerField(help_text="拒绝/请假/未应答次数")
    attended = serializers.IntegerField(help_text="参加评审次数")
    evaluated = serializers.IntegerField(help_text="评价次数")
    average = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    lowest = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    highest = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)


class EvaluationExpertHistorySerializer(serializers.Serializer):
    expert_id = serializers.IntegerField()
    name = serializers.CharField(help_text="无查看完整信息权限时脱敏")
    summary = EvaluationSummarySerializer()
    evaluations = EvaluationRecordSerializer(many=True)


class EvaluationExpertRowSerializer(serializers.Serializer):
    expert_id = serializers.IntegerField()
    name = serializers.CharField()
    evaluation_count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=5, decimal_places=1)
    lowest = serializers.DecimalField(max_digits=5, decimal_places=1)
    last_scored_at = serializers.DateTimeField()


class EvaluationRuleSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    outcome = serializers.ChoiceField(choices=FlagOutcome.choices)
    condition = serializers.ChoiceField(choices=RuleCondition.choices)
    threshold = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=0, max_value=100)
    min_reviews = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    recent_count = serializers.IntegerField(min_value=1, max_value=1000, required=False, allow_null=True, default=None)
    is_active = serializers.BooleanField(default=True)
    description = serializers.CharField(read_only=True)


class EvaluationFlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    expert_id = serializers.IntegerField()
    expert_name = serializers.CharField()
    rule_id = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=FlagOutcome.choices)
    status = serializers.ChoiceField(choices=FlagStatus.choices)
    review_count = serializers.IntegerField()
    average = serializers.DecimalField(max_digits=5, decimal_places=1)
    lowest = serializers.DecimalField(max_digits=5, decimal_places=1)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField()


class EvaluationFlagReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", "采纳并执行"), ("dismiss", "驳回")])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class EvaluationRecheckSerializer(serializers.Serializer):
    raised = serializers.IntegerField(help_text="新增提示数")
