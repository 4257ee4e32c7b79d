# Fallback to the next channel when a delivery fails (targeted push, issue 15); backward
# compatible: new nullable / defaulted columns only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0004_hardening'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='fallback_on_failure',
            field=models.BooleanField(default=False, verbose_name='失败后改用下一渠道'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='fallback_of',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='改发自'),
        ),
        migrations.AddField(
            model_name='delivery',
            name='first_failure',
            field=models.CharField(blank=True, db_default='', default='', max_length=300, verbose_name='首选渠道未送达原因'),
        ),
        migrations.AlterField(
            model_name='delivery',
            name='status',
            field=models.CharField(choices=[('pending', '待发送'), ('sending', '发送中'), ('succeeded', '成功'), ('failed', '失败'), ('unknown', '结果未知'), ('skipped', '已跳过'), ('cancelled', '已取消'), ('not_sent', '未发送：未配置渠道'), ('rerouted', '失败，已改用其他渠道')], default='pending', max_length=16, verbose_name='状态'),
        ),
    ]
