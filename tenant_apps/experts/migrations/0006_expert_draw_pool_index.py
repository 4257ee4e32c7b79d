# The draw's pool query reads only these columns of the drawable experts, so freezing the
# candidate lists is an index-only scan in id order instead of a pass over the wide rows
# (docs/decisions/0066). Plain, not CONCURRENTLY, like 0004: a new tenant migrates inside the
# provisioning transaction; the index is narrow and builds in about a second for 100k experts.
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("experts", "0005_expertconfirmation_notified_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(
                condition=models.Q(("is_drawable", True)), fields=["id"], include=("domain_ids", "title_level", "region", "employer", "times_drawn"),
                name="experts_expert_draw_pool",
            ),
        ),
    ]
