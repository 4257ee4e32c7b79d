"""Demo articles, comments, messages and mutual-aid posts for the service hall."""

from __future__ import annotations

from django.utils import timezone

ARTICLES = [
    ("校友总会 2026 年理事会在京召开", "校友总会", "<p>来自海内外的 60 余位理事参加会议，审议了年度工作报告。</p>"),
    ("“值年返校”活动报名开始", "校友总会", "<p>毕业 10、20、30、40、50 周年的校友欢迎回家。</p>"),
    ("上海校友会举办迎新会", "上海校友会", "<p>200 余位新近毕业来沪的校友参加。</p>"),
    ("校友捐建的图书馆新馆落成", "学校新闻网", "<p>新馆面积 3 万平方米，今秋开放。</p>"),
    ("计算机学院校友分享会：从校园到职场", "计算机学院", "<p>五位校友讲述职业成长故事。</p>"),
    ("致全体校友的一封信", "校友总会", "<p>感谢每一位校友对母校的关心与支持。</p>"),
]
POSTS = [("message", "想找 1985 级机械系的同学", "毕业 40 年了，想组织一次聚会。"), ("message", "校友卡怎么申领？", "请问在哪里申请校友卡？"),
         ("mutual_aid", "深圳求合租", "刚到深圳工作，求南山区合租。"), ("mutual_aid", "招聘前端工程师", "公司在杭州，欢迎校友推荐。")]


def seed_demo_content(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.content.models import Article, ArticleCategory, BoardPost
    from tenant_apps.alumni.content.services import sanitize

    if Article.objects.exists():
        return
    news, _ = ArticleCategory.objects.get_or_create(name="校友新闻")
    ArticleCategory.objects.get_or_create(name="通知公告")
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    now = timezone.now()
    Article.objects.bulk_create([Article(category=news, title=t, source=s, body=sanitize(b), status="published", pinned=i == 0, created_by=admin, published_at=now - timezone.timedelta(days=i),
                                         views=100 - i * 7) for i, (t, s, b) in enumerate(ARTICLES)])
    Article.objects.create(category=news, title="待审核：某地校友会换届", source="某地校友会", body="<p>换届选举结果。</p>", status="pending", created_by=admin)
    authors = list(User.objects.filter(kind="alumnus").order_by("pk")[:4])
    if authors:
        BoardPost.objects.bulk_create([BoardPost(kind=k, title=t, body=b, author=authors[i % len(authors)], status="published" if i < 3 else "pending") for i, (k, t, b) in enumerate(POSTS)])
