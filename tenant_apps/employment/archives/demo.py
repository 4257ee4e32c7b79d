"""Demo archive transfers for the demo cohort (after the destinations): files placed where the
proposal rules say (selectors.archive_proposal, the same rules as the one-click assignment), some
mailed by EMS or 机要 with numbers, some confirmed received. One bulk insert; skipped when the
cohort has archives."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def seed_demo_archives(schema_name: str, tenant_type: str) -> None:
    if tenant_type != "university":
        return
    from tenant_apps.employment.archives.enums import ArchiveStatus
    from tenant_apps.employment.archives.models import ArchiveTransfer
    from tenant_apps.employment.archives.selectors import archive_proposal
    from tenant_apps.employment.destinations.models import Destination
    from tenant_apps.employment.students.demo import demo_year

    year = demo_year()
    if ArchiveTransfer.objects.filter(record__graduation_year=year).exists():
        return
    destinations = list(Destination.objects.filter(record__graduation_year=year, status="approved").select_related("record"))
    rng = random.Random(year * 11)
    now, today = timezone.now(), timezone.localdate()
    archives = []
    for destination in destinations:
        record = destination.record
        proposal = archive_proposal(record, destination)
        archive = ArchiveTransfer(record=record, destination_kind=proposal.kind, receiving_unit=proposal.unit[:200], receiving_address=proposal.address[:300],
                                  receiving_region=proposal.region, status=ArchiveStatus.ASSIGNED, transfer_number=f"{year}10999{record.pk:08d}",
                                  verification_number=f"HY{rng.randrange(10**9, 10**10)}")
        if rng.random() < 0.5:
            archive.carrier = rng.choice(["EMS", "机要"])
            archive.tracking_number = f"11{rng.randrange(10**10, 10**11)}"
            archive.mailed_on = today - datetime.timedelta(days=rng.randrange(3, 30))
            archive.status = ArchiveStatus.RECEIVED if rng.random() < 0.4 else ArchiveStatus.MAILED
            archive.received_at = now if archive.status == ArchiveStatus.RECEIVED else None
        archives.append(archive)
    ArchiveTransfer.objects.bulk_create(archives, batch_size=2000)
