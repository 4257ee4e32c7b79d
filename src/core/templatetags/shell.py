from django import template
from django.utils.safestring import mark_safe

from core.masking import mask_value
from core.web.watermark import watermark_data_uri

register = template.Library()


@register.simple_tag
def watermark_style(text: str) -> str:
    if not text:
        return ""
    return mark_safe(f"background-image:url('{watermark_data_uri(text)}')")  # noqa: S308 - escaped in svg


@register.filter
def masked(value: str, kind: str = "default") -> str:
    return mask_value(kind, value or "")
