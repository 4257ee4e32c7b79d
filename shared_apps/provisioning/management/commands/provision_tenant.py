from django.core.management.base import BaseCommand, CommandError

from core.errors import ApplicationError
from shared_apps.provisioning.enums import Module, TenantType
from shared_apps.provisioning.services import tenant_provision


class Command(BaseCommand):
    help = "Create a ready tenant: schema, domain, default groups and its first admin."

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="sub-domain and schema name")
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", choices=TenantType.values, default=TenantType.UNIVERSITY)
        parser.add_argument("--modules", default=",".join(Module.values), help="comma separated: employment,alumni,experts")
        parser.add_argument("--plan", default="standard")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--admin-password", required=True)
        parser.add_argument("--admin-email", default="")

    def handle(self, *args, **options):
        modules = [m.strip() for m in options["modules"].split(",") if m.strip()]
        unknown = set(modules) - set(Module.values)
        if unknown:
            raise CommandError(f"unknown modules: {', '.join(sorted(unknown))}")
        try:
            tenant = tenant_provision(
                slug=options["slug"], name=options["name"], type=options["type"], modules=modules,
                plan=options["plan"], admin_username=options["admin_username"],
                admin_password=options["admin_password"], admin_email=options["admin_email"],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"tenant {tenant.schema_name} ready: modules={','.join(tenant.modules)}"))
