# Indexes for the eligibility pre-counts, exclusion counts, list counts and domain filters,
# built after the backfill (so the backfill does not maintain them). Plain, not CONCURRENTLY: a
# new tenant migrates inside the provisioning transaction, where concurrent builds are refused;
# the partial covering indexes are narrow and build in seconds even for 100k experts.
import django.contrib.postgres.indexes
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("experts", "0003_backfill_is_drawable_domain_ids"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="expert",
            name="experts_expert_drawable",
        ),
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(condition=models.Q(("is_drawable", True)), fields=["id"], include=("domain_ids",), name="experts_expert_drawable_pool"),
        ),
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(
                condition=models.Q(("is_drawable", False), ("status", "approved")), fields=["id"],
                include=("deleted_at", "is_blacklisted", "frozen_at"), name="experts_expert_excluded",
            ),
        ),
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(condition=models.Q(("deleted_at__isnull", True), ("status", "approved")), fields=["id"], name="experts_expert_active"),
        ),
        migrations.AddIndex(
            model_name="expert",
            index=django.contrib.postgres.indexes.GinIndex(fields=["domain_ids"], name="experts_expert_domain_ids"),
        ),
    ]
