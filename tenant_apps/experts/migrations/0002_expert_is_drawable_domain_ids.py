# Two columns with constant defaults (no table rewrite, no long lock), filled by 0003.
# `is_drawable` is kept by a row trigger, so every write path (services, bulk updates of the
# flags, raw SQL, bulk_create) leaves it right; a trigger, not a generated column, because
# adding a stored generated column rewrites the whole table under an exclusive lock.
import django.contrib.postgres.fields
from django.db import migrations, models

CREATE_TRIGGER = """
CREATE OR REPLACE FUNCTION experts_expert_set_drawable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.is_drawable := (NEW.status = 'approved' AND NEW.deleted_at IS NULL AND NOT NEW.is_blacklisted AND NEW.frozen_at IS NULL);
    RETURN NEW;
END
$$;
CREATE TRIGGER experts_expert_drawable BEFORE INSERT OR UPDATE ON experts_expert
    FOR EACH ROW EXECUTE FUNCTION experts_expert_set_drawable();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS experts_expert_drawable ON experts_expert;
DROP FUNCTION IF EXISTS experts_expert_set_drawable();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("experts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="expert",
            name="is_drawable",
            field=models.BooleanField(default=False, editable=False, verbose_name="可抽取（不含请假）"),
        ),
        migrations.AddField(
            model_name="expert",
            name="domain_ids",
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, default=list, editable=False, size=None, verbose_name="领域及上级领域"),
        ),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
    ]
