from django.db import models


class StudentBindingMode(models.TextChoices):
    """How a student proves who they are when binding WeChat (seed 000 §3.1.9)."""

    NUMBER_AND_NAME = "number_name", "学号 + 姓名（确认真实身份）"
    NUMBER_AND_PASSWORD = "number_password", "学号 + 密码"


class MenuButtonType(models.TextChoices):
    CLICK = "click", "点击回复文字"
    VIEW = "view", "打开网页"


class BindingMethod(models.TextChoices):
    STUDENT_NUMBER_AND_NAME = "number_name", "学号 + 姓名"
    STUDENT_NUMBER_AND_PASSWORD = "number_password", "学号 + 密码"
    PHONE_AND_CODE = "phone_code", "手机号 + 验证码"
    BACKOFFICE_SCAN = "backoffice_scan", "后台扫码绑定"


class ScanPurpose(models.TextChoices):
    BIND = "bind", "绑定微信"
    LOGIN = "login", "扫码登录"
    SECOND_FACTOR = "second_factor", "扫码确认（双因素）"


class ScanStatus(models.TextChoices):
    PENDING = "pending", "等待扫码"
    CONFIRMED = "confirmed", "已扫码"
    USED = "used", "已使用"
    REFUSED = "refused", "已拒绝"
