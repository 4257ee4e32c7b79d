"""Ready surveys a school can start from. Each question: (kind, title, required, options or
rows, jumps by option index -> position or "end", scale labels)."""

EMPLOYMENT_QUALITY = {
    "code": "employment_quality",
    "title": "毕业生就业质量跟踪调查",
    "description": "了解毕业生的就业状况、工作与专业的相关度、满意度和对学校就业服务的评价。问卷约需 3 分钟，结果仅用于统计分析。",
    "questions": [
        ("single", "你目前的状态是？", True, ["已就业（单位就业）", "自主创业或自由职业", "升学（境内）", "出国出境", "待就业"], {"2": 9, "3": 9, "4": 8}, ""),
        ("single", "你所在单位的性质是？", True, ["党政机关", "事业单位", "国有企业", "民营企业", "外资或合资企业", "其他"], {}, ""),
        ("single", "你目前的税前月收入大约是？", True, ["4000 元以下", "4000-5999 元", "6000-7999 元", "8000-9999 元", "10000 元及以上"], {}, ""),
        ("scale", "你的工作与所学专业的相关程度", True, [], {}, "完全不相关/非常相关"),
        ("matrix", "你对目前工作以下方面的满意程度", True, ["薪酬福利", "发展空间", "工作环境", "工作稳定性"], {}, "非常不满意/非常满意"),
        ("single", "你在毕业后是否更换过工作？", True, ["没有", "换过 1 次", "换过 2 次及以上"], {"0": 9, "1": 7}, ""),
        ("text", "更换工作的主要原因是？", False, [], {}, ""),
        ("multiple", "你目前未就业的主要原因是？（可多选）", True, ["准备升学或考公", "没有找到满意的工作", "缺乏工作经验", "家庭原因", "其他"], {}, ""),
        ("scale", "你对学校就业指导与服务的总体评价", True, [], {}, "非常不满意/非常满意"),
        ("text", "你对学校就业工作的建议", False, [], {}, ""),
    ],
}

TEMPLATES = {EMPLOYMENT_QUALITY["code"]: EMPLOYMENT_QUALITY}
