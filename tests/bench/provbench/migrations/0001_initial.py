from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="BenchNote",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)), ("title", models.CharField(max_length=100))],
        )
    ]
