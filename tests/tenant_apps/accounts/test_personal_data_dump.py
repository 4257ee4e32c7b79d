"""Personal data at rest (issue 12, item 2; P12): people built through the services (users,
experts and their recommendations, messages sent to them, codes, logins, audit) leave no phone,
ID number or e-mail address in clear in a `pg_dump` of the tenant schema. No column is exempt:
users' and experts' e-mail addresses are encrypted too (docs/decisions/0140)."""

from __future__ import annotations

import subprocess
import uuid

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.provisioning.backups import _libpq_env, pg_tool

pytestmark = pytest.mark.usefixtures("live_db")


def _dump(schema: str) -> str:
    result = subprocess.run(
        [pg_tool("pg_dump"), "--data-only", "--no-owner", "--no-privileges", f"--schema={schema}", "--column-inserts"],
        env=_libpq_env(connection.settings_dict["NAME"]), check=True, capture_output=True, timeout=600,
    )
    return result.stdout.decode()


def test_dump_of_the_tenant_schema_holds_no_phone_id_number_or_email():
    from core.audit import audit_record
    from tenant_apps.accounts import security
    from tenant_apps.accounts import services as accounts
    from tenant_apps.accounts.errors import LoginRefused
    from tenant_apps.accounts.models import User
    from tenant_apps.experts import services as experts
    from tenant_apps.experts.enums import ExpertStatus
    from tenant_apps.messaging import services as messaging
    from tenant_apps.messaging.recipients import Recipient

    run = uuid.uuid4().int
    phones = [f"139{(run + i) % 10**8:08d}" for i in range(3)]
    emails = [f"person{run % 10**6}.{i}@school-example.cn" for i in range(3)]
    expert_phones = [f"137{(run + i) % 10**8:08d}" for i in range(3)]
    expert_emails = [f"Expert{run % 10**6}.{i}@bureau-example.cn" for i in range(3)]
    id_numbers = ["11010119900307" + f"{run % 1000:03d}" + "X", "440301198807124" + f"{run % 1000:03d}"]
    with schema_context("live"):
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        people = [
            accounts.user_create(actor=admin, username=f"pd-{run % 10**6}-{i}", password="pw-12345678", display_name=f"个人{i}", phone=phones[i], email=emails[i])
            for i in range(3)
        ]
        accounts.user_update(actor=admin, user=people[0], data={"phone": phones[0], "email": emails[0]})
        message = messaging.message_send(
            actor=admin, subject="到校通知", body="请按时到校", channels=["sms", "email"],
            recipients=[Recipient(name="甲", phone=phones[1]), Recipient(name="乙", email=emails[2]), Recipient(user_id=people[0].pk, name="丙", phone=phones[0])],
        )
        for first_id, last_id in messaging.message_start_sending(message_id=message.pk):
            messaging.delivery_batch_send(message_id=message.pk, first_id=first_id, last_id=last_id)
        messaging.verification_code_send(target=phones[2], channel="sms", purpose="login")
        messaging.verification_code_send(target=emails[1], channel="email", purpose="reset_password")
        for identifier in (phones[1], emails[1], id_numbers[0]):
            with pytest.raises(LoginRefused):
                security.login_attempt(identifier=identifier, password="wrong-password")
        # Experts: one with an account (the account gets the e-mail too), one without, and a
        # recommendation they send with the invitee's phone and e-mail.
        with_account = experts.expert_create(actor=admin, data=experts.ExpertInput(
            name="专家甲", phone=expert_phones[0], employer="某设计院", title="高级工程师", email=expert_emails[0], id_number=id_numbers[1]))
        experts.expert_create(actor=admin, data=experts.ExpertInput(
            name="专家乙", phone=expert_phones[1], employer="某大学", title="教授", email=expert_emails[1]), create_account=False, notify=False)
        assert with_account.status == ExpertStatus.APPROVED and with_account.user.email == expert_emails[0]
        experts.recommendation_send(actor=with_account.user, recommender=with_account, name="专家丙", email=expert_emails[2], phone=expert_phones[2],
                                    join_url="https://live.example.cn/h5/experts/join/")
        audit_record(actor=admin, action="test.personal_data", target=people[1], after={"id_number": id_numbers[1], "note": f"联系 {phones[2]} 或 {emails[0]}，证件 {id_numbers[0]}"})

    dump = _dump("live")
    values = (*phones, *emails, *id_numbers, *expert_phones, *expert_emails)
    leaks = [value for value in values if value in dump or value.lower() in dump]
    assert not leaks, f"personal data in clear in the dump of schema live: {leaks}"
    # The dump is real: the people are in it (their encrypted phones and masked log entries).
    assert f"pd-{run % 10**6}-0" in dump and "139****" in dump
