from django.db import models


class Visibility(models.TextChoices):
    ALL = "all", "全体校友"
    CHAPTERS = "chapters", "同一分会的校友"
    NONE = "none", "仅自己"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "待回复"
    ACCEPTED = "accepted", "已同意"
    DECLINED = "declined", "已婉拒"
    CLOSED = "closed", "已结束"


# Fields a member can set the visibility of, with their defaults: name, class year and major
# shown; contacts hidden (docs/decisions/0092).
PRIVACY_FIELDS: list[tuple[str, str, str]] = [
    ("class_year", "入学年份", Visibility.ALL),
    ("college", "院系", Visibility.ALL),
    ("major", "专业", Visibility.ALL),
    ("region", "所在地区", Visibility.CHAPTERS),
    ("industry", "行业", Visibility.CHAPTERS),
    ("employer", "工作单位", Visibility.CHAPTERS),
    ("job_title", "职务", Visibility.CHAPTERS),
    ("phone", "手机号", Visibility.NONE),
    ("email", "邮箱", Visibility.NONE),
    ("wechat", "微信号", Visibility.NONE),
]
CONTACT_FIELDS = ("phone", "email", "wechat")
