from core.reveal import register_revealable
from tenant_apps.employment.employers.models import Employer

register_revealable("employment_employers.employer", lambda actor, pk: Employer.objects.get(pk=pk))
