from django.core.management.base import BaseCommand, CommandError

from shared_apps.provisioning.backups import backups_list, tenant_restore


class Command(BaseCommand):
    help = "Restore one tenant's backup into a NEW schema (optionally registered as a tenant for inspection)."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="tenant whose backup to restore")
        parser.add_argument("--into", required=True, help="new schema name")
        parser.add_argument("--key", default="", help="object key; the newest backup when omitted")
        parser.add_argument("--list", action="store_true", help="only list the available backups")

    def handle(self, *args, **options):
        keys = backups_list(options["slug"])
        if options["list"]:
            for key in keys:
                self.stdout.write(key)
            return
        key = options["key"] or (keys[-1] if keys else "")
        if not key:
            raise CommandError(f"no backup for {options['slug']}")
        try:
            tenant_restore(key=key, new_schema=options["into"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"restored {key} into schema {options['into']}"))
