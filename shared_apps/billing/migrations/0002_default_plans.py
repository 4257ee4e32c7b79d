from django.db import migrations

PLANS = [
    {
        "code": "trial", "name": "试用版", "description": "30 天免费试用，无需绑卡", "sort_order": 1,
        "modules": ["employment", "alumni", "experts"], "limits": {"users": 50, "students": 2000, "alumni": 2000, "experts": 500},
        "price_month": 0, "price_year": 0, "trial_days": 30, "trial_without_card": True,
    },
    {
        "code": "standard", "name": "标准版", "description": "适合中小型院校与专家管理单位", "sort_order": 2,
        "modules": ["employment", "alumni", "experts"], "limits": {"users": 500, "students": 30000, "alumni": 100000, "experts": 20000},
        "price_month": 299900, "price_year": 2999900, "trial_days": 14, "trial_without_card": False,
    },
    {
        "code": "premium", "name": "旗舰版", "description": "大型高校与省级专家库，额度不限", "sort_order": 3,
        "modules": ["employment", "alumni", "experts"], "limits": {},
        "price_month": 899900, "price_year": 8999900, "trial_days": 14, "trial_without_card": False,
    },
]


def create_plans(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return  # public-schema data only
    Plan = apps.get_model("billing", "Plan")
    for spec in PLANS:
        Plan.objects.update_or_create(code=spec["code"], defaults=spec)


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(create_plans, migrations.RunPython.noop)]
