"""Choices and national code lists of the 生源信息 standard (REFERENCE-employment.md §3)."""

from django.db import models


class Gender(models.TextChoices):  # GB/T 2261
    MALE = "1", "男"
    FEMALE = "2", "女"


class VerificationStatus(models.TextChoices):
    """生源信息核验: the student checks, the counsellor approves or returns."""

    PENDING = "pending", "待核验"
    CONFIRMED = "confirmed", "已确认待审核"
    CORRECTION = "correction", "申请更正待审核"
    RETURNED = "returned", "已退回"
    VERIFIED = "verified", "已核验"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class TrainingMode(models.TextChoices):  # 培养方式
    NON_DIRECTED = "非定向", "非定向"
    DIRECTED = "定向", "定向"
    COMMISSIONED = "委培", "委培"
    IN_SERVICE = "在职", "在职"
    SELF_FUNDED = "自筹", "自筹"


SPONSORED_MODES = (TrainingMode.DIRECTED, TrainingMode.COMMISSIONED)


class Education(models.TextChoices):  # 学历 (xldm); 专科 code is not public, ours is local
    DOCTOR = "01", "博士生毕业"
    DOCTOR_INCOMPLETE = "03", "博士生结业"
    MASTER = "11", "硕士生毕业"
    MASTER_INCOMPLETE = "13", "硕士生结业"
    BACHELOR = "31", "本科生毕业"
    BACHELOR_INCOMPLETE = "33", "本科生结业"
    JUNIOR = "41", "专科生毕业"


EDUCATION_LEVEL = {"01": "博士", "03": "博士", "11": "硕士", "13": "硕士", "31": "本科", "33": "本科", "41": "专科"}


class NormalStudentCategory(models.TextChoices):  # 师范生类别
    NONE = "非师范", "非师范"
    FREE = "免费师范生", "免费师范生"
    ORDINARY = "普通师范生", "普通师范生"


class HardshipCategory(models.TextChoices):  # 困难生类别 (8 values)
    NONE = "非困难生", "非困难生"
    FAMILY = "家庭困难", "家庭困难"
    DISABILITY = "残疾", "残疾"
    FAMILY_AND_DISABILITY = "家庭困难和残疾", "家庭困难和残疾"
    LOW_INCOME = "低保家庭", "低保家庭"
    POVERTY_RELIEF = "建档立卡贫困家庭", "建档立卡贫困家庭"
    ZERO_EMPLOYMENT = "零就业家庭", "零就业家庭"
    OTHER = "其他", "其他"


# GB/T 4762 政治面貌, two digits
POLITICAL_STATUS = {
    "01": "中共党员", "02": "中共预备党员", "03": "共青团员", "04": "民革会员", "05": "民盟盟员", "06": "民建会员",
    "07": "民进会员", "08": "农工党党员", "09": "致公党党员", "10": "九三学社社员", "11": "台盟盟员", "12": "无党派人士", "13": "群众",
}

# GB/T 3304 民族, two digits (01-56, 97 其他, 98 外国血统中国籍人士)
ETHNICITY = {
    "01": "汉族", "02": "蒙古族", "03": "回族", "04": "藏族", "05": "维吾尔族", "06": "苗族", "07": "彝族", "08": "壮族", "09": "布依族",
    "10": "朝鲜族", "11": "满族", "12": "侗族", "13": "瑶族", "14": "白族", "15": "土家族", "16": "哈尼族", "17": "哈萨克族", "18": "傣族",
    "19": "黎族", "20": "傈僳族", "21": "佤族", "22": "畲族", "23": "高山族", "24": "拉祜族", "25": "水族", "26": "东乡族", "27": "纳西族",
    "28": "景颇族", "29": "柯尔克孜族", "30": "土族", "31": "达斡尔族", "32": "仫佬族", "33": "羌族", "34": "布朗族", "35": "撒拉族",
    "36": "毛南族", "37": "仡佬族", "38": "锡伯族", "39": "阿昌族", "40": "普米族", "41": "塔吉克族", "42": "怒族", "43": "乌孜别克族",
    "44": "俄罗斯族", "45": "鄂温克族", "46": "德昂族", "47": "保安族", "48": "裕固族", "49": "京族", "50": "塔塔尔族", "51": "独龙族",
    "52": "鄂伦春族", "53": "赫哲族", "54": "门巴族", "55": "珞巴族", "56": "基诺族", "97": "其他", "98": "外国血统中国籍人士",
}

# Province-level GB/T 2260 prefixes: enough to name a 生源地 region and to reject made-up codes.
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古", "21": "辽宁", "22": "吉林", "23": "黑龙江", "31": "上海",
    "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东", "41": "河南", "42": "湖北", "43": "湖南",
    "44": "广东", "45": "广西", "46": "海南", "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏", "61": "陕西",
    "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆", "71": "台湾", "81": "香港", "82": "澳门",
}
