from django.core.management.base import BaseCommand

from shared_apps.provisioning.fleet import fleet_migrate, spares_build
from shared_apps.provisioning.pool import public_is_fresh, public_migrate


class Command(BaseCommand):
    help = (
        "Deploy-time migrations: migrate the public schema, then only the tenant (and spare) schemas "
        "that are behind, found in one query, several in parallel; a failing tenant does not stop the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--parallel", type=int, default=2)
        parser.add_argument("--batch-size", type=int, default=25)
        parser.add_argument("--skip-public", action="store_true")
        parser.add_argument("--spares", type=int, default=0,
                            help="on a first start (the public schema never migrated), build this many spare schemas "
                                 "side by side with the public schema's migrations (scripts/run: one per demo tenant)")

    def handle(self, *args, **options):
        def report(result):
            if result.ok:
                self.stdout.write(f"  {result.schema}: migrated in {result.seconds:.2f}s")
            else:
                self.stderr.write(self.style.ERROR(f"  {result.schema}: FAILED {result.error}"))

        if not options["skip_public"]:
            if options["spares"] > 0 and public_is_fresh():
                self.stdout.write(f"first start: the public schema and {options['spares']} spare schemas, side by side")
                for result in spares_build(options["spares"], meanwhile=public_migrate):
                    report(result)
            else:
                public_migrate()
            self.stdout.write("public schema: up to date")

        summary = fleet_migrate(parallel=options["parallel"], batch_size=options["batch_size"], on_result=report)
        line = (
            f"checked {summary['checked']} schemas, {summary['behind']} behind, {summary['migrated']} migrated, "
            f"{len(summary['failed'])} failed, in {summary['seconds']:.1f}s"
        )
        if summary["failed"]:
            self.stderr.write(self.style.ERROR(line))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(line))
