"""`{% load files %}{% file_url obj.file %}` or `{% file_url obj.file obj.original_name %}`:
the permission-checked download link for the signed-in user (see core.files)."""

from django import template

from core.files.links import download_url

register = template.Library()


@register.simple_tag(takes_context=True)
def file_url(context, fieldfile, filename=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    return download_url(fieldfile, user=user, filename=filename or None)
