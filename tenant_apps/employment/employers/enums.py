"""Choices of the employer registry (E3)."""

from django.db import models


class ReviewStatus(models.TextChoices):
    """Review states shared by employers, jobs and announcements (Handshake's four states)."""

    PENDING = "pending", "待审核"
    IN_PROGRESS = "in_progress", "审核中（待补充）"
    APPROVED = "approved", "已通过"
    DECLINED = "declined", "未通过"


class EmployerNature(models.TextChoices):
    GOVERNMENT = "government", "党政机关"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    STATE_OWNED = "state_owned", "国有企业"
    PRIVATE = "private", "民营企业"
    FOREIGN = "foreign", "外资企业"
    JOINT_VENTURE = "joint_venture", "合资企业"
    SOCIAL_ORGANISATION = "social_organisation", "社会组织"
    MILITARY = "military", "部队"
    OTHER = "other", "其他"


class EmployerSize(models.TextChoices):
    MICRO = "micro", "50 人以下"
    SMALL = "small", "50-299 人"
    MEDIUM = "medium", "300-999 人"
    LARGE = "large", "1000-4999 人"
    HUGE = "huge", "5000 人以上"


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", "农、林、牧、渔业"
    B = "B", "采矿业"
    C = "C", "制造业"
    D = "D", "电力、热力、燃气及水生产和供应业"
    E = "E", "建筑业"
    F = "F", "批发和零售业"
    G = "G", "交通运输、仓储和邮政业"
    H = "H", "住宿和餐饮业"
    I = "I", "信息传输、软件和信息技术服务业"  # noqa: E741 - the standard's letter
    J = "J", "金融业"
    K = "K", "房地产业"
    L = "L", "租赁和商务服务业"
    M = "M", "科学研究和技术服务业"
    N = "N", "水利、环境和公共设施管理业"
    O = "O", "居民服务、修理和其他服务业"  # noqa: E741
    P = "P", "教育"
    Q = "Q", "卫生和社会工作"
    R = "R", "文化、体育和娱乐业"
    S = "S", "公共管理、社会保障和社会组织"
    T = "T", "国际组织"


class ListKind(models.TextChoices):
    BLACK = "black", "黑名单"
    WHITE = "white", "白名单"
    RISK = "risk", "风险单位"


class EmployerSource(models.TextChoices):
    SELF_REGISTRATION = "self_registration", "单位自主注册"
    SCHOOL = "school", "学校录入"


# GB/T 2260 province-level codes (first two digits of a division code).
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东", "41": "河南",
    "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州",
    "53": "云南", "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门",
}


def province_name(region_code: str) -> str:
    return PROVINCES.get((region_code or "")[:2], "未知")
