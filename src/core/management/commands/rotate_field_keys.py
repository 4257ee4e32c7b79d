"""Re-encrypt every EncryptedCharField value with the newest key, in every schema.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), deploy,
run this command, then drop the old keys. Safe to run again: every value is re-read with all
keys and written with the first. Values no configured key can read are counted, never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from core.crypto import EncryptedCharField, rotate


@dataclass
class Counts:
    rotated: int = 0
    unreadable: int = 0


def encrypted_columns() -> list[tuple[type, list[str]]]:
    """(model, [column, ...]) for every concrete model holding encrypted fields."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [f.column for f in model._meta.concrete_fields if isinstance(f, EncryptedCharField)]
        if columns:
            found.append((model, columns))
    return found


def _table_exists(schema: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.tables WHERE table_schema = %s AND table_name = %s", [schema, table])
        return cursor.fetchone() is not None


def rotate_table(model: type, columns: list[str], *, batch_size: int, dry_run: bool) -> dict[str, Counts]:
    """Walk the table by primary key in batches; each batch is one transaction."""
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    selected = ", ".join(quote(c) for c in columns)
    counts = {column: Counts() for column in columns}
    last_pk = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last_pk is not None else ""
            cursor.execute(
                f"SELECT {pk}, {selected} FROM {table} {where}ORDER BY {pk} LIMIT %s FOR UPDATE",  # noqa: S608 - quoted names
                ([last_pk] if last_pk is not None else []) + [batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                return counts
            updates = []
            for row in rows:
                new_values = []
                for column, token in zip(columns, row[1:], strict=True):
                    if not token:
                        new_values.append(token)
                        continue
                    try:
                        new_values.append(rotate(token))
                        counts[column].rotated += 1
                    except Exception:  # noqa: BLE001 - InvalidToken and malformed data alike
                        new_values.append(token)
                        counts[column].unreadable += 1
                updates.append((*new_values, row[0]))
            if not dry_run:
                assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
                cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {pk} = %s", updates)  # noqa: S608
            last_pk = rows[-1][0]


class Command(BaseCommand):
    help = "用最新密钥重新加密所有加密字段（公共 schema 和每个租户）。"

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--schema", action="append", dest="schemas", help="只处理这些 schema（可重复）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入")

    def handle(self, *args, batch_size: int, schemas: list[str] | None, dry_run: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be positive")
        public = get_public_schema_name()
        all_schemas = [public, *get_tenant_model().objects.exclude(schema_name=public).order_by("schema_name").values_list("schema_name", flat=True)]
        if schemas:
            unknown = set(schemas) - set(all_schemas)
            if unknown:
                raise CommandError(f"unknown schema(s): {', '.join(sorted(unknown))}")
            all_schemas = [s for s in all_schemas if s in schemas]
        targets = encrypted_columns()
        total = Counts()
        for schema in all_schemas:
            with schema_context(schema):
                for model, columns in targets:
                    if not _table_exists(schema, model._meta.db_table):
                        continue
                    for column, counts in rotate_table(model, columns, batch_size=batch_size, dry_run=dry_run).items():
                        total.rotated += counts.rotated
                        total.unreadable += counts.unreadable
                        if counts.rotated or counts.unreadable:
                            self.stdout.write(f"{schema}: {model._meta.label_lower}.{column} rotated={counts.rotated} unreadable={counts.unreadable}")
        verb = "would rotate" if dry_run else "rotated"
        summary = f"{len(all_schemas)} schema(s): {verb} {total.rotated} value(s), {total.unreadable} unreadable"
        if total.unreadable:
            self.stderr.write(self.style.WARNING(summary + " (no configured key can read them; they were left unchanged)"))
        else:
            self.stdout.write(self.style.SUCCESS(summary))
