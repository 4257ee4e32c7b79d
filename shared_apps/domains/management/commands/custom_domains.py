"""Print the proven custom domains, one per line (for the proxy's certificate job, see
infra/proxy/custom-domains.md)."""

from django.core.management.base import BaseCommand

from shared_apps.domains.selectors import verified_domains


class Command(BaseCommand):
    help = "List the verified custom domains of all tenants, one per line."

    def handle(self, *args, **options):
        for domain in verified_domains():
            self.stdout.write(domain)
