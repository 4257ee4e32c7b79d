"""Graduate records' ID numbers and contacts can be revealed (audited) within data scope."""

from core.reveal import register_revealable
from tenant_apps.employment.students.selectors import record_get

register_revealable("employment_students.graduaterecord", lambda actor, pk: record_get(actor=actor, pk=pk))
