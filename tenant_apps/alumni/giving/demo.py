"""Demo data (scripts/run): three projects — members-only, public under the foundation's
qualification, and a finished one with spending and a usage report — and donors with certificates."""

from __future__ import annotations


def seed_demo_giving(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    _seed()  # runs inside the tenant's schema (seed_demo)


def _seed() -> None:
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from tenant_apps.alumni.giving import selectors, services
    from tenant_apps.alumni.giving.enums import Audience, ProjectStatus, UpdateKind
    from tenant_apps.alumni.giving.models import Project

    if Project.objects.filter(title="校友励学基金").exists():
        return
    from tenant_apps.alumni.records.enums import MemberStatus
    from tenant_apps.alumni.records.models import Member

    with transaction.atomic():
        services.settings_save(actor=None, data={"foundation_name": "示范大学教育发展基金会", "has_public_qualification": True,
                                                 "qualification_number": "京民基金会公募字〔2020〕第018号", "platform_name": "腾讯公益",
                                                 "certificate_threshold_fen": 100, "seal_threshold_fen": 100000})
        members = services.ProjectInput(
            title="校友励学基金", target_fen=50_000_000, audience=Audience.MEMBERS, status=ProjectStatus.ACTIVE, amount_options=[5000, 10000, 50000, 100000],
            summary="资助家庭经济困难的在校学生，每人每年 5000 元。",
            story="1998 级校友发起的励学基金，今年计划资助 100 名同学。每一份心意都会直接变成学弟学妹的学费和生活费。",
            form_fields=[{"label": "捐赠用途偏好", "type": "choice", "options": ["不限", "本科生", "研究生"], "required": False}])
        public = services.ProjectInput(
            title="图书馆古籍修复计划", target_fen=20_000_000, audience=Audience.PUBLIC, status=ProjectStatus.ACTIVE, amount_options=[2000, 10000, 50000],
            platform_url="https://gongyi.qq.com/succor/detail.htm?id=210001", summary="修复馆藏明清刻本 300 册。",
            story="学校图书馆藏有明清刻本两千余册，其中三百册亟需修复。项目由学校教育发展基金会在腾讯公益平台公开募捐。",
            certificate_design="jade")
        finished = services.ProjectInput(
            title="新体育馆座椅认捐", target_fen=3_000_000, audience=Audience.MEMBERS, status=ProjectStatus.ACTIVE, amount_options=[10000, 100000],
            summary="为新体育馆认捐看台座椅，座椅背面铭刻捐赠人姓名。", story="体育馆于去年落成，1200 个座椅已全部认捐完毕，感谢每一位校友。",
            certificate_design="campus")
        projects = [services.project_create(actor=None, data=data) for data in (members, public, finished)]
        users = [m.user for m in Member.objects.filter(status=MemberStatus.APPROVED, record__isnull=False).select_related("user")[:6]]
        amounts = [20000, 5000, 120000, 50, 100000, 30000]
        for index, user in enumerate(users):
            for project in projects[: 3 if index % 2 == 0 else 2]:
                pledge = services.Donation(number=services._new_number(), project=project, donor=user, donor_name=user.display_name or user.username,
                                           amount_fen=amounts[index % len(amounts)], paid_at=timezone.now() - datetime.timedelta(days=40 - index * 5),
                                           thanked_at=timezone.now())  # no thank-you mails for demo gifts
                pledge.save()
                services._received(pledge)
        if not users:
            for index, amount in enumerate(amounts):
                services.donation_record_offline(actor=None, project=projects[index % 3], donor_name=f"校友{index + 1}", amount_fen=amount,
                                                 paid_on=timezone.localdate() - datetime.timedelta(days=30 - index))
        done = projects[2]
        services.update_add(actor=None, project=done, kind=UpdateKind.SPENDING, title="采购看台座椅 1200 个", spent_fen=2_400_000,
                            happened_on=timezone.localdate() - datetime.timedelta(days=20), body="经公开招标，采购合同金额 24 万元。")
        services.update_add(actor=None, project=done, kind=UpdateKind.USAGE_REPORT, title="座椅认捐项目使用报告",
                            happened_on=timezone.localdate() - datetime.timedelta(days=5),
                            body="募得善款全部用于座椅采购与铭牌制作，结余 0.6 万元转入体育设施维护基金。")
        Project.objects.filter(pk=done.pk).update(status=ProjectStatus.FINISHED)
        services.update_add(actor=None, project=projects[0], kind=UpdateKind.PROGRESS, title="首批 40 名同学已获资助",
                            happened_on=timezone.localdate() - datetime.timedelta(days=3))
        selectors.giving_settings()
