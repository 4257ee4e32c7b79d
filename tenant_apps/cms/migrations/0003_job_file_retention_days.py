# Issue 12 (P12): the tenant sets how long import/export files are kept (docs/decisions/0140).

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0002_carousel_show_on_portal'),
    ]

    operations = [
        migrations.AddField(
            model_name='sitesettings',
            name='job_file_retention_days',
            field=models.PositiveSmallIntegerField(default=30, help_text='导入的表格、导出的文件和错误报告在此天数后自动删除（记录保留），1-3650 天。', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(3650)], verbose_name='导入导出文件保留天数'),
        ),
    ]
