# The frozen candidate list moves from a JSON list of tiers to one int8[] column plus the tier
# sizes (faster to store and read for pools of ~100,000 ids). Existing rows are converted.

import django.contrib.postgres.fields
from django.db import migrations, models

TO_ARRAY = """
UPDATE expert_panels_conditiongroup AS g SET
    candidates = COALESCE((SELECT array_agg(x.value::bigint ORDER BY t.ord, x.ord)
                           FROM jsonb_array_elements(g.tiers) WITH ORDINALITY AS t(tier, ord)
                           CROSS JOIN LATERAL jsonb_array_elements_text(t.tier) WITH ORDINALITY AS x(value, ord)), '{}'),
    tier_sizes = COALESCE((SELECT array_agg(jsonb_array_length(t.tier) ORDER BY t.ord)
                           FROM jsonb_array_elements(g.tiers) WITH ORDINALITY AS t(tier, ord)), '{}')
"""


class Migration(migrations.Migration):

    dependencies = [
        ('expert_panels', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='conditiongroup',
            name='candidates',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), default=list, editable=False, size=None, verbose_name='冻结候选名单'),
        ),
        migrations.AddField(
            model_name='conditiongroup',
            name='tier_sizes',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.PositiveIntegerField(), default=list, editable=False, size=None, verbose_name='各层人数'),
        ),
        migrations.RunSQL(TO_ARRAY, migrations.RunSQL.noop),
        migrations.RemoveField(
            model_name='conditiongroup',
            name='tiers',
        ),
    ]
