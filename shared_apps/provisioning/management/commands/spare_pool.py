from django.core.management.base import BaseCommand

from shared_apps.provisioning.pool import pool_status, spare_pool_fill, spares_refresh


class Command(BaseCommand):
    help = "Fill the pool of spare tenant schemas and bring existing spares up to date."

    def add_arguments(self, parser):
        parser.add_argument("--target", type=int, default=None)

    def handle(self, *args, **options):
        refreshed = spares_refresh()
        made = spare_pool_fill(target=options["target"])
        self.stdout.write(self.style.SUCCESS(f"spares: {made} created, {refreshed} migrated; now {pool_status()}"))
