from django.db import models


class UserKind(models.TextChoices):
    STAFF = "staff", "教职工/管理员"
    STUDENT = "student", "学生"
    ALUMNUS = "alumnus", "校友"
    EXPERT = "expert", "专家"
    EMPLOYER = "employer", "用人单位"
    VENDOR = "vendor", "平台客服"


class OrgUnitKind(models.TextChoices):
    COLLEGE = "college", "学院"
    MAJOR = "major", "专业"
    CLASS = "class", "班级"
    DEPARTMENT = "department", "部门"


class DataScope(models.TextChoices):
    """How much of the org tree a group's members see (widest of a user's groups wins)."""

    ALL = "all", "全部数据"
    UNIT_AND_BELOW = "unit_and_below", "本单位及下级"
    UNIT = "unit", "仅本单位"
    SELF = "self", "仅本人"


DATA_SCOPE_RANK = {DataScope.SELF: 0, DataScope.UNIT: 1, DataScope.UNIT_AND_BELOW: 2, DataScope.ALL: 3}


class WeChatScanLoginMode(models.TextChoices):
    """How the back office uses WeChat scan login (seed 000 §4, issue 12 item 10)."""

    OFF = "off", "不启用"
    SECOND_FACTOR = "second_factor", "密码登录后须微信扫码确认（双因素）"
    INSTEAD_OF_PASSWORD = "instead_of_password", "可用微信扫码代替密码登录"


class LoginResult(models.TextChoices):
    SUCCESS = "success", "成功"
    BAD_CREDENTIALS = "bad_credentials", "用户名或密码错误"
    LOCKED = "locked", "账号已锁定"
    IP_BLOCKED = "ip_blocked", "IP 已封禁"
    DISABLED = "disabled", "账号已停用"
