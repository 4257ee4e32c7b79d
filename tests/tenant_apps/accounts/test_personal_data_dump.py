"""Personal data at rest (issue 12, item 2; P12): people built through the services (users,
messages sent to them, codes, logins, audit) leave no phone, ID number or e-mail address in
clear in a `pg_dump` of the tenant schema.

Known exception, listed on purpose: `accounts_user.email` is Django's AbstractUser column and
still plain (see docs/decisions/0109). Expert tables are covered by the experts module."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.provisioning.backups import _libpq_env, pg_tool

pytestmark = pytest.mark.usefixtures("live_db")

KNOWN_PLAIN_COLUMNS = {("accounts_user", "email")}


def _dump(schema: str) -> str:
    result = subprocess.run(
        [pg_tool("pg_dump"), "--data-only", "--no-owner", "--no-privileges", f"--schema={schema}", "--column-inserts"],
        env=_libpq_env(connection.settings_dict["NAME"]), check=True, capture_output=True, timeout=600,
    )
    return result.stdout.decode()


def _without_known_plain_columns(dump: str) -> str:
    """Blank out the values of the known plain columns (INSERT ... (cols) VALUES (vals))."""
    lines = []
    for line in dump.splitlines():
        match = re.match(r'INSERT INTO [\w"]+\.(\w+) \((.*?)\) VALUES \((.*)\);$', line)
        if match and any(match.group(1) == table for table, _ in KNOWN_PLAIN_COLUMNS):
            columns = [c.strip().strip('"') for c in match.group(2).split(",")]
            for table, column in KNOWN_PLAIN_COLUMNS:
                if match.group(1) == table and column in columns:
                    line = line.replace(f"'{_email_of(line)}'", "'<known plain column>'") if _email_of(line) else line
        lines.append(line)
    return "\n".join(lines)


def _email_of(line: str) -> str:
    found = re.search(r"'([^']+@[^']+)'", line)
    return found.group(1) if found else ""


def test_dump_of_the_tenant_schema_holds_no_phone_id_number_or_email():
    from core.audit import audit_record
    from tenant_apps.accounts import security
    from tenant_apps.accounts import services as accounts
    from tenant_apps.accounts.errors import LoginRefused
    from tenant_apps.accounts.models import User
    from tenant_apps.messaging import services as messaging
    from tenant_apps.messaging.recipients import Recipient

    run = uuid.uuid4().int
    phones = [f"139{(run + i) % 10**8:08d}" for i in range(3)]
    emails = [f"person{run % 10**6}.{i}@school-example.cn" for i in range(3)]
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
        audit_record(actor=admin, action="test.personal_data", target=people[1], after={"id_number": id_numbers[1], "note": f"联系 {phones[2]} 或 {emails[0]}，证件 {id_numbers[0]}"})

    dump = _without_known_plain_columns(_dump("live"))
    leaks = [value for value in (*phones, *emails, *id_numbers) if value in dump or value.lower() in dump]
    assert not leaks, f"personal data in clear in the dump of schema live: {leaks}"
    # The dump is real: the people are in it (their encrypted phones and masked log entries).
    assert f"pd-{run % 10**6}-0" in dump and "139****" in dump
