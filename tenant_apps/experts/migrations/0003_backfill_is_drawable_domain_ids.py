# Backfill in batches of ids, each committed on its own (non-atomic migration), so no row stays
# locked for long and a large library does not make one huge transaction. Safe to run again.
# Inside a new tenant's provisioning transaction the table is empty and this does nothing.
from django.db import migrations

BATCH = 5000
BACKFILL = """
UPDATE experts_expert AS e
SET is_drawable = (e.status = 'approved' AND e.deleted_at IS NULL AND NOT e.is_blacklisted AND e.frozen_at IS NULL),
    domain_ids = COALESCE((
        SELECT array_agg(DISTINCT part::bigint ORDER BY part::bigint)
        FROM experts_expert_domains ed JOIN experts_domain d ON d.id = ed.domain_id
        CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from d.path), '/')) AS part
        WHERE ed.expert_id = e.id AND part <> ''
    ), '{}')
WHERE e.id >= %s AND e.id < %s
"""


def backfill(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM experts_expert")
        low, high = cursor.fetchone()
        if low is None:
            return
        for start in range(low, high + 1, BATCH):
            cursor.execute(BACKFILL, [start, start + BATCH])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("experts", "0002_expert_is_drawable_domain_ids"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
