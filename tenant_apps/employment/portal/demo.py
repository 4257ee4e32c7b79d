"""Demo portal: articles in every column (some pinned, one download with an attachment) and
three carousel slides. Idempotent and quick (bulk inserts, small generated images)."""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

DEMO_SCHEMA = "demo"

ARTICLES = {
    "news": [
        ("我校举办2026届毕业生秋季大型双选会，600余家单位进校揽才", "10月28日，我校2026届毕业生秋季大型双选会在体育馆举行，提供岗位1.2万余个。"),
        ("学校召开毕业生就业工作推进会", "会议总结前期工作，部署“访企拓岗促就业”专项行动。"),
        ("就业指导中心走访长三角重点用人单位", "走访12家单位，签订实习就业基地协议5份。"),
        ("“职引未来”校园招聘月活动启动", "活动持续一个月，包括专场宣讲、直播带岗和简历门诊。"),
        ("我校获评省级毕业生就业工作先进集体", "这是学校连续第三年获此荣誉。"),
        ("计算机学院举办互联网行业专场招聘会", "40家企业提供研发、测试、运维等岗位600余个。"),
        ("毕业生就业质量年度报告发布", "报告显示毕业去向落实率达92.6%。"),
        ("校友企业家返校共话职业发展", "8位校友分享创业与职业成长经历。"),
    ],
    "notices": [
        ("关于做好2026届毕业生生源信息核验工作的通知", "请各学院于11月30日前完成生源信息核验。"),
        ("关于开展2026届毕业生就业去向登记的通知", "毕业生应在离校前如实登记毕业去向。"),
        ("关于举办春季校园招聘会的通知", "拟于3月中旬举办春季大型校园招聘会。"),
        ("关于报名参加“三支一扶”计划的通知", "报名时间为5月10日至5月20日。"),
        ("关于组织毕业生参加国家公务员考试宣讲的通知", ""),
        ("关于寒假期间就业服务安排的通知", ""),
    ],
    "announcements": [
        ("2025年度就业工作先进个人评选结果公示", "公示期为5个工作日。"),
        ("2026届毕业生困难群体求职创业补贴名单公示", ""),
        ("就业见习基地认定结果公示", ""),
    ],
    "policies": [
        ("教育部关于做好2026届全国普通高校毕业生就业创业工作的通知", ""),
        ("高校毕业生基层就业学费补偿和助学贷款代偿政策解读", ""),
        ("应征入伍服兵役高等学校学生国家教育资助政策", ""),
        ("毕业生档案、户口迁移办理指南", ""),
    ],
    "guidance": [
        ("如何写一份让HR眼前一亮的简历", "从结构、关键词到排版，手把手教你改简历。"),
        ("群面与结构化面试技巧", ""),
        ("签约前必读：三方协议与劳动合同的区别", ""),
        ("警惕求职陷阱：培训贷、押金与虚假招聘", ""),
        ("考研还是就业？职业生涯规划讲座回顾", ""),
    ],
    "downloads": [
        ("毕业生就业推荐表（2026版）", ""),
        ("就业协议书补办申请表", ""),
        ("毕业去向登记操作手册", ""),
    ],
}
SLIDES = [("2026届毕业生春季大型双选会", (11, 61, 145), (42, 116, 224)), ("职引未来 · 校园招聘月", (200, 16, 46), (232, 120, 40)),
          ("访企拓岗促就业专项行动", (15, 120, 100), (30, 170, 140))]


def _gradient_png(left: tuple[int, int, int], right: tuple[int, int, int], size=(1600, 460)) -> bytes:
    from PIL import Image

    width, height = size
    strip = Image.new("RGB", (width, 1))
    for x in range(width):
        t = x / (width - 1)
        strip.putpixel((x, 0), tuple(int(a + (b - a) * t) for a, b in zip(left, right, strict=True)))
    image = strip.resize((width, height))
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image, "RGBA")  # soft circles and a skyline band: a banner, not a flat fill
    for i, (cx, cy, r) in enumerate(((1250, 80, 260), (1450, 380, 180), (980, 420, 120), (220, -40, 160))):
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(255, 255, 255, 22 + 8 * (i % 2)))
    for x in range(0, width, 70):
        top = height - 60 - (x * 37 % 110)
        draw.rectangle((x, top, x + 52, height), fill=(255, 255, 255, 18))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def seed_demo_portal(schema_name: str, tenant_type: str) -> None:
    if schema_name != DEMO_SCHEMA or tenant_type != "university":
        return
    from tenant_apps.cms.models import CarouselItem, FriendlyLink
    from tenant_apps.employment.portal.enums import ArticleStatus
    from tenant_apps.employment.portal.models import Article, Column
    from tenant_apps.employment.portal.services import columns_ensure_defaults

    columns_ensure_defaults()
    if Article.objects.exists():
        return
    now = timezone.now()
    with transaction.atomic():
        by_slug = {c.slug: c for c in Column.objects.all()}
        rows = []
        for slug, items in ARTICLES.items():
            for index, (title, summary) in enumerate(items):
                body = f"<p>{summary or title}</p><p>详情请咨询学校就业指导中心，联系电话 0571-88880000。</p>"
                rows.append(Article(column=by_slug[slug], title=title, summary=summary, body=body, source="就业指导中心", status=ArticleStatus.PUBLISHED,
                                    is_pinned=index == 0 and slug in ("news", "notices"), views=300 - index * 17,
                                    published_at=now - datetime.timedelta(days=index * 3 + len(slug), hours=index)))
        Article.objects.bulk_create(rows)
        download = Article.objects.filter(column__slug="downloads").order_by("pk").first()
        if download is not None:
            download.attachment.save("jiuye-tuijianbiao.txt", ContentFile("毕业生就业推荐表（示例）\n".encode()), save=False)
            download.attachment_name = "毕业生就业推荐表.docx"
            download.save(update_fields=["attachment", "attachment_name"])
        if not CarouselItem.objects.exists():
            for order, (title, left, right) in enumerate(SLIDES):
                item = CarouselItem(title=title, sort_order=order * 10, show_on_h5=True, show_on_portal=True)
                item.image.save(f"portal-slide-{order}.png", ContentFile(_gradient_png(left, right)), save=False)
                item.save()
        if not FriendlyLink.objects.exists():
            FriendlyLink.objects.bulk_create([FriendlyLink(name=name, url=url, sort_order=i) for i, (name, url) in enumerate([
                ("教育部", "https://www.moe.gov.cn/"), ("国家大学生就业服务平台", "https://www.ncss.cn/"), ("24365校园招聘服务", "https://24365.ncss.cn/"),
                ("学信网", "https://www.chsi.com.cn/")])])
