"""Records' encrypted fields (phone, e-mail, ID number) can be revealed in clear, audited (core.reveal)."""

from core.reveal import register_revealable
from tenant_apps.alumni.records.models import AlumniRecord

register_revealable("alumni_records.alumnirecord", lambda actor, pk: AlumniRecord.objects.get(pk=pk))
