"""Site settings per tenant (P15): basic information and logo, upload limits, home carousel,
friendly links and the floating window."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TimeStampedModel

DEFAULT_IMAGE_EXTENSIONS = "jpg,jpeg,png,gif,webp"
DEFAULT_FILE_EXTENSIONS = "jpg,jpeg,png,gif,webp,pdf,doc,docx,xls,xlsx,ppt,pptx,txt,zip,rar"


class SiteSettings(models.Model):
    """The one settings row of a tenant (always pk 1; read through selectors.site_settings)."""

    singleton = models.PositiveSmallIntegerField(default=1, unique=True, editable=False)
    site_name = models.CharField("站点名称", max_length=100, blank=True, help_text="留空则使用单位名称。")
    logo = models.ImageField("Logo", upload_to="cms/logo/", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    service_phone = models.CharField("服务电话", max_length=50, blank=True)
    email = models.EmailField("邮箱", blank=True)
    icp_number = models.CharField("备案号", max_length=100, blank=True)
    copyright = models.CharField("版权信息", max_length=200, blank=True)
    about = models.TextField("简介", blank=True)
    image_max_mb = models.PositiveSmallIntegerField("图片大小上限（MB）", default=5)
    image_extensions = models.CharField("图片类型", max_length=200, default=DEFAULT_IMAGE_EXTENSIONS, help_text="扩展名，用逗号分隔。")
    file_max_mb = models.PositiveSmallIntegerField("文件大小上限（MB）", default=20)
    file_extensions = models.CharField("文件类型", max_length=300, default=DEFAULT_FILE_EXTENSIONS, help_text="扩展名，用逗号分隔。")
    # Imported sheets and exported files hold personal data: deleted after this many days (P12).
    job_file_retention_days = models.PositiveSmallIntegerField(
        "导入导出文件保留天数", default=30, validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="导入的表格、导出的文件和错误报告在此天数后自动删除（记录保留），1-3650 天。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "站点设置"
        verbose_name_plural = "站点设置"

    def __str__(self) -> str:
        return self.site_name or "站点设置"


class CarouselItem(TimeStampedModel):
    """A slide of the home carousel (H5 home and/or the back-office dashboard)."""

    title = models.CharField("标题", max_length=100)
    image = models.ImageField("图片", upload_to="cms/carousel/")
    link_url = models.CharField("链接", max_length=500, blank=True, help_text="站内路径（/h5/...）或 http(s) 地址，可留空。")
    sort_order = models.PositiveIntegerField("排序", default=0, help_text="数字小的在前。")
    is_active = models.BooleanField("启用", default=True)
    show_on_h5 = models.BooleanField("在移动端首页显示", default=True)
    show_on_backoffice = models.BooleanField("在后台工作台显示", default=False)
    show_on_portal = models.BooleanField("在就业门户首页显示", default=True)

    class Meta:
        verbose_name = "轮播图"
        verbose_name_plural = "轮播图"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title


class FriendlyLink(TimeStampedModel):
    name = models.CharField("名称", max_length=100)
    url = models.URLField("网址", max_length=500)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "友情链接"
        verbose_name_plural = "友情链接"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class FloatingWindow(TimeStampedModel):
    """The floating notice (飘窗) on the home page, shown while active and within its dates."""

    title = models.CharField("标题", max_length=100)
    image = models.ImageField("图片", upload_to="cms/floating/", blank=True)
    text = models.CharField("文字", max_length=300, blank=True)
    link_url = models.CharField("链接", max_length=500, blank=True)
    is_active = models.BooleanField("启用", default=True)
    starts_at = models.DateTimeField("开始时间", null=True, blank=True)
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "飘窗"
        verbose_name_plural = "飘窗"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
