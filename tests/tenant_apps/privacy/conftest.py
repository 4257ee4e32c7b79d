"""People who hold data in several modules, built through the modules' services."""

from __future__ import annotations

import uuid

import pytest

from tests.tenant_apps.experts_fees.conftest import (  # noqa: F401 - fixtures re-exported
    bureau_admin,
    in_bureau,
    panel,
    standards,
)


def person_with_data(name: str = "王小明"):
    """A student (tenant alpha) with a graduate record, a resume, a login, a letter and a
    message delivery, an alumni record and membership, and an audit trail."""
    from tenant_apps.accounts.models import LoginLog
    from tenant_apps.messaging import services as messaging
    from tenant_apps.messaging.recipients import Recipient
    from tests.tenant_apps.alumni_records.conftest import make_association, make_record
    from tests.tenant_apps.employment_resumes.conftest import complete_resume, graduate
    from tests.tenant_apps.messaging.conftest import run_message

    user = graduate(name)
    phone = "139" + str(uuid.uuid4().int)[:8]
    user.phone = phone
    user.email = f"{uuid.uuid4().hex[:8]}@example.cn"
    user.save()
    complete_resume(user)
    LoginLog.objects.create(user=user, identifier=user.username, result="success", ip="203.0.113.7", channel="h5", wechat_openid="o-open-id")
    messaging.letter_send(recipient_user_ids=[user.pk], title=f"{name}的通知", body="请查看")
    message = messaging.message_send(actor=None, subject=f"致{name}", body="请按时到场", channels=["sms"],
                                     recipients=[Recipient(user_id=user.pk, name=name, phone=phone)])
    run_message(message)
    make_record(name=name, phone=phone, student_no=f"S{uuid.uuid4().int % 10**8}")
    make_association()
    from tenant_apps.alumni.records.models import AlumniRecord, Member

    record = AlumniRecord.objects.filter(name=name).order_by("-id").first()
    Member.objects.create(user=user, record=record, name=name, status="approved")
    return user


@pytest.fixture
def officer(in_tenant_a):
    from django.contrib.auth.models import Group

    from tenant_apps.accounts.initializers import default_groups_ensure
    from tenant_apps.accounts.models import User
    from tenant_apps.privacy.initializers import DEFAULT_GROUPS

    default_groups_ensure(DEFAULT_GROUPS)
    user = User.objects.create_user(username=f"dpo-{uuid.uuid4().hex[:6]}", password="Dpo-pass-2026", kind="staff", display_name="数据保护负责人甲")
    user.groups.add(Group.objects.get(name="数据保护负责人"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def plain_staff(in_tenant_a):
    from tenant_apps.accounts.models import User

    return User.objects.create_user(username=f"staff-{uuid.uuid4().hex[:6]}", password="Staff-pass-2026", kind="staff", display_name="普通老师")
