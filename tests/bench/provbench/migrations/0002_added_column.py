from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("provbench", "0001_initial")]
    operations = [migrations.AddField(model_name="benchnote", name="added_column", field=models.CharField(blank=True, default="", max_length=50))]
