"""Print the current console code of the demo staff account (its published demo secret), so a
newcomer can pass the console's second step without an authenticator app:

    .venv/bin/python manage.py demo_totp
"""

from __future__ import annotations

import pyotp
from django.core.management.base import BaseCommand

from shared_apps.provisioning.management.commands.seed_demo import (
    DEMO_STAFF,
    DEMO_STAFF_TOTP_SECRET,
)


class Command(BaseCommand):
    help = "Print the demo console staff account's current authenticator code."

    def handle(self, *args, **options):
        totp = pyotp.TOTP(DEMO_STAFF_TOTP_SECRET)
        self.stdout.write(f"{DEMO_STAFF[0]} / {DEMO_STAFF[1]}  authenticator code: {totp.now()}  (secret {DEMO_STAFF_TOTP_SECRET})")
