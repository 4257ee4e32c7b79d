# A plain AddIndex (not concurrently): new tenant schemas are migrated inside the provisioning
# transaction, and these tables are new in this release (no large existing delivery logs).
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("messaging", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="paused_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="暂停至"),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("provider_message_id", ""), _negated=True), fields=["provider_message_id"], name="delivery_provider_message_id"
            ),
        ),
    ]
