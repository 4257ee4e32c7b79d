"""The standard columns (news, notices, announcements, policies, guidance, downloads) in every
schema, so existing tenants get a portal with its columns at once (six small rows)."""

from django.db import migrations

DEFAULT_COLUMNS = [
    ("news", "新闻动态", "news", 10),
    ("notices", "通知公告", "notice", 20),
    ("announcements", "公示", "announcement", 30),
    ("policies", "政策法规", "policy", 40),
    ("guidance", "就业指导", "guidance", 50),
    ("downloads", "下载中心", "download", 60),
]


def create_columns(apps, schema_editor):
    Column = apps.get_model("employment_site", "Column")
    existing = set(Column.objects.values_list("slug", flat=True))
    Column.objects.bulk_create([Column(slug=slug, name=name, kind=kind, sort_order=order) for slug, name, kind, order in DEFAULT_COLUMNS if slug not in existing])


class Migration(migrations.Migration):
    dependencies = [("employment_site", "0001_initial")]
    operations = [migrations.RunPython(create_columns, migrations.RunPython.noop)]
