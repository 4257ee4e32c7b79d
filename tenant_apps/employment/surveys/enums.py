"""Choices of surveys (E12)."""

from django.db import models


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "收集中"
    CLOSED = "closed", "已结束"


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    TEXT = "text", "填空题"
    SCALE = "scale", "量表题"
    MATRIX = "matrix", "矩阵量表题"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
END = "end"  # a jump target: the end of the survey
