# Frozen candidate lists are written once per draw, ~100,000 ids a group: compressing them with
# PostgreSQL's default pglz costs about 30 ms of CPU per 66,000 ids, lz4 almost nothing, for a
# slightly larger value (docs/decisions/0066). Only new values are affected. Servers built
# without lz4 keep pglz (slower, same result).
from django.db import migrations

LZ4 = """
DO $$
BEGIN
    ALTER TABLE expert_panels_conditiongroup ALTER COLUMN candidates SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
"""
PGLZ = "ALTER TABLE expert_panels_conditiongroup ALTER COLUMN candidates SET COMPRESSION pglz;"


class Migration(migrations.Migration):

    dependencies = [
        ("expert_panels", "0003_project_source_settings_sheet_templates"),
    ]

    operations = [
        migrations.RunSQL(LZ4, PGLZ),
    ]
