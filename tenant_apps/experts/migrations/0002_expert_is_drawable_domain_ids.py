# Two columns with constant defaults: no table rewrite, no long lock. Filled by 0003.
import django.contrib.postgres.fields
from django.db import migrations, models


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
    ]
