"""Forms parse input only; the services validate uploads against the tenant's limits."""

from __future__ import annotations

from django import forms

from tenant_apps.cms.models import CarouselItem, FloatingWindow, FriendlyLink, SiteSettings

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SiteSettingsForm(forms.ModelForm):
    logo_upload = forms.FileField(label="上传新 Logo", required=False)
    remove_logo = forms.BooleanField(label="删除当前 Logo", required=False)

    class Meta:
        model = SiteSettings
        fields = [
            "site_name", "address", "postcode", "phone", "service_phone", "email", "icp_number", "copyright", "about",
            "image_max_mb", "image_extensions", "file_max_mb", "file_extensions", "job_file_retention_days",
        ]


class ImageFormMixin(forms.Form):
    image_upload = forms.FileField(label="图片", required=False, help_text="不选择则保留当前图片。")


class CarouselItemForm(ImageFormMixin, forms.ModelForm):
    class Meta:
        model = CarouselItem
        fields = ["title", "link_url", "sort_order", "is_active", "show_on_h5", "show_on_backoffice", "show_on_portal"]


class FriendlyLinkForm(forms.ModelForm):
    class Meta:
        model = FriendlyLink
        fields = ["name", "url", "sort_order", "is_active"]


class FloatingWindowForm(ImageFormMixin, forms.ModelForm):
    class Meta:
        model = FloatingWindow
        fields = ["title", "text", "link_url", "is_active", "starts_at", "ends_at"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}
