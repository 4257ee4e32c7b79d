"""Career assessment (职业测评, E14): a school's licensed item bank, and students' results with
the college and major they belonged to when they took the test (for statistics)."""

from __future__ import annotations

from django.db import models

from tenant_apps.employment.assessment.enums import InstrumentCode


class LicensedBank(models.Model):
    """An item bank and scoring key the school holds a licence for (e.g. MBTI®), uploaded in the
    `campus-type-bank/1` format (banks.py). One bank per instrument is active at a time."""

    instrument = models.CharField("测评", max_length=20, choices=InstrumentCode.choices, default=InstrumentCode.MBTI)
    name = models.CharField("名称", max_length=100)
    licence_holder = models.CharField("授权持有人", max_length=200)
    licence_reference = models.CharField("授权编号", max_length=200)
    valid_until = models.DateField("授权有效期至")
    content = models.JSONField("题库与计分规则", default=dict)
    item_count = models.PositiveIntegerField("题数", default=0)
    is_active = models.BooleanField("启用", default=True)
    uploaded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "授权题库"
        verbose_name_plural = "授权题库"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["instrument"], condition=models.Q(is_active=True), name="emp_assessment_one_active_bank")]

    def __str__(self) -> str:
        return self.name


class AssessmentResult(models.Model):
    """One completed test of one student. `is_latest` marks the student's newest result per
    instrument: statistics count those."""

    student = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name="学生")
    instrument = models.CharField("测评", max_length=20, choices=InstrumentCode.choices, db_index=True)
    bank = models.ForeignKey(LicensedBank, null=True, blank=True, on_delete=models.SET_NULL, related_name="results", verbose_name="题库")
    answers = models.JSONField("作答", default=dict)
    scores = models.JSONField("得分", default=dict)
    code = models.CharField("结果代码", max_length=10, db_index=True)
    org_unit = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="班级")
    college_name = models.CharField("学院", max_length=100, blank=True)
    major_name = models.CharField("专业", max_length=100, blank=True)
    is_latest = models.BooleanField("最新一次", default=True)
    created_at = models.DateTimeField("测评时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "测评结果"
        verbose_name_plural = "测评结果"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["instrument", "is_latest", "college_name", "major_name"], name="emp_assessment_stats")]

    def __str__(self) -> str:
        return f"{self.student_id}:{self.instrument}:{self.code}"
