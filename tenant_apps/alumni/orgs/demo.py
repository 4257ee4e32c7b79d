"""Demo association with 20 chapters (10 regional, 6 college, 2 industry, 2 clubs); every demo
member is in the association and in the regional chapter of their city; alumni00001 runs the
上海 chapter and has an export request waiting for the association."""

from __future__ import annotations

from django.utils import timezone

REGIONS = ["北京", "上海", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "重庆"]
COLLEGE_CHAPTERS = ["机械工程学院", "计算机学院", "经济管理学院", "外国语学院", "电气工程学院", "人文学院"]


def seed_demo_orgs(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.accounts.models import User
    from tenant_apps.alumni.orgs.models import ExportRequest, Membership, OrgAdmin, Organization
    from tenant_apps.alumni.orgs.services import OrgInput, org_save
    from tenant_apps.alumni.records.models import College, Member

    if Organization.objects.exists():
        return
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    root = org_save(actor=admin, data=OrgInput(name="示范大学校友总会", kind="association", introduction="示范大学校友总会成立于 1985 年，联络海内外校友，服务校友、服务母校。",
                                               join_requirements="在示范大学学习过的校友；与学校档案核对后认证。", application_questions=["目前所在城市？"], phone="010-12345678",
                                               address="示范大学行政楼 201"))
    colleges = dict(College.objects.values_list("name", "pk"))
    chapters = {}
    for region in REGIONS:
        chapters[region] = org_save(actor=admin, data=OrgInput(name=f"{region}校友会", kind="regional", region=region, review_mode="records",
                                                               introduction=f"在{region}工作生活的校友之家。"))
    for name in COLLEGE_CHAPTERS:
        org_save(actor=admin, data=OrgInput(name=f"{name}校友会", kind="college", college_ids=[colleges[name]] if name in colleges else [], review_mode="admins"))
    for name, industry in (("金融校友会", "金融"), ("互联网校友会", "互联网")):
        org_save(actor=admin, data=OrgInput(name=name, kind="industry", industry=industry, review_mode="admins"))
    org_save(actor=admin, data=OrgInput(name="校友跑团", kind="club", parent_id=chapters["北京"].pk, review_mode="auto"))
    org_save(actor=admin, data=OrgInput(name="校友书画社", kind="club", parent_id=chapters["上海"].pk, review_mode="auto"))
    now = timezone.now()
    members = list(Member.objects.filter(status="approved").values_list("pk", "region"))
    rows = [Membership(organization=root, member_id=pk, status="approved", reviewed_at=now, note="演示") for pk, _ in members]
    rows += [Membership(organization=chapters[region], member_id=pk, status="approved", reviewed_at=now, note="演示") for pk, region in members if region in chapters]
    Membership.objects.bulk_create(rows, batch_size=5000)
    chair = User.objects.filter(username="alumni00001").first()
    if chair is not None:
        OrgAdmin.objects.create(organization=chapters["上海"], user=chair, name=chair.display_name, role="president", status="active", accepted_at=now, invited_by=admin)
        ExportRequest.objects.create(organization=chapters["上海"], requested_by=chair, reason="年会邀请名单（演示）")
