from django.core.management.base import BaseCommand

from shared_apps.provisioning.pool import pool_status, spare_create, spare_pool_fill, spares_refresh


class Command(BaseCommand):
    help = "Fill the pool of spare tenant schemas and bring existing spares up to date."

    def add_arguments(self, parser):
        parser.add_argument("--target", type=int, default=None)
        parser.add_argument("--one", action="store_true", help="create exactly one spare (several processes may run at once)")

    def handle(self, *args, **options):
        if options["one"]:
            spare = spare_create()
            self.stdout.write(f"spare {spare.name} created")
            return
        refreshed = spares_refresh()
        made = spare_pool_fill(target=options["target"])
        self.stdout.write(self.style.SUCCESS(f"spares: {made} created, {refreshed} migrated; now {pool_status()}"))
