import pytest

from core.errors import Conflict

pytestmark = pytest.mark.django_db


def test_article_body_is_sanitised_reviewed_and_counted(in_tenant_a, admin_a):
    from tenant_apps.alumni.content.selectors import latest_articles
    from tenant_apps.alumni.content.services import article_review, article_save, article_viewed

    article = article_save(actor=admin_a, title="校庆公告", body='<p onclick="x()">欢迎<script>alert(1)</script><a href="javascript:x">链接</a></p>', source="校友办")
    assert "<script" not in article.body and "onclick" not in article.body and "javascript" not in article.body
    assert article.status == "pending" and latest_articles(5) == []
    article_review(actor=admin_a, article=article, approve=True)
    article_viewed(article=article)
    article.refresh_from_db()
    assert latest_articles(5) == [article] and article.views == 1 and article.published_at


def test_comments_and_board_posts_are_moderated(in_tenant_a, admin_a):
    from tenant_apps.alumni.content.selectors import latest_posts, visible_comments
    from tenant_apps.alumni.content.services import (
        article_review,
        article_save,
        comment_add,
        comment_review,
        post_create,
        post_review,
    )
    from tests.tenant_apps.alumni_records.conftest import make_alumnus_user

    user = make_alumnus_user("校友乙")
    draft = article_save(actor=admin_a, title="草稿", body="<p>内容</p>", submit=False)
    with pytest.raises(Conflict):
        comment_add(user=user, article=draft, body="评论")
    article = article_review(actor=admin_a, article=article_save(actor=admin_a, title="新闻", body="<p>内容</p>"), approve=True)
    comment = comment_add(user=user, article=article, body="好消息")
    assert list(visible_comments(article)) == []
    comment_review(actor=admin_a, comment=comment, approve=True)
    assert list(visible_comments(article)) == [comment]
    post = post_create(user=user, kind="mutual_aid", title="求租房", body="在上海求合租")
    assert latest_posts(kind="mutual_aid", limit=5) == []
    post_review(actor=admin_a, post=post, approve=True, reply="已转发")
    assert latest_posts(kind="mutual_aid", limit=5) == [post]
