"""The two file views. `download` is the only way a user reaches a stored file: it checks the
link was minted for this user in this tenant, that the object still exists and, when the model
registered one, its download rule; then it redirects to a short-lived blob link. `blob` serves
that link on the file system (S3 serves its presigned URLs itself), with HTTP Range support so
that PDF viewers and media players can seek."""

from __future__ import annotations

import re

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.files.storage import storages
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.files.links import (
    blob_max_age,
    blob_url,
    content_type_for,
    read_blob_token,
    read_download_token,
)
from core.files.rules import rule_for
from core.tenancy import current_schema_name

CHUNK = 64 * 1024
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _refused(request, message: str, status: int) -> HttpResponse:
    response = render(request, "files/refused.html", {"message": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def download(request, token: str):
    try:
        payload = read_download_token(token)
    except signing.SignatureExpired:
        return _refused(request, "下载链接已过期，请回到原页面重新打开。", 410)
    except signing.BadSignature:
        raise Http404 from None
    if payload.get("s") != current_schema_name():
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if payload.get("u") != request.user.pk:
        return _refused(request, "这个下载链接不是发给您的，请在自己的页面中打开文件。", 403)
    try:
        model = apps.get_model(payload["m"])
        field = model._meta.get_field(payload["f"])
    except (LookupError, KeyError, ValueError):
        raise Http404 from None
    if not isinstance(field, models.FileField):
        raise Http404
    instance = model._default_manager.filter(pk=payload.get("p")).first()
    if instance is None:
        raise Http404
    rule = rule_for(model._meta.label)
    if rule is not None and not rule(request.user, instance):
        return _refused(request, "您没有权限下载这个文件。", 403)
    fieldfile = getattr(instance, field.name)
    if not fieldfile:
        raise Http404
    response = HttpResponseRedirect(blob_url(fieldfile.name, filename=payload.get("n")))
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(start, end) inclusive for a single satisfiable range; None to send the whole file.
    Raises ValueError when the range cannot be satisfied (416)."""
    match = RANGE_RE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None  # malformed or multi-range: a full 200 answer is allowed (RFC 9110 14.2)
    first, last = match.group(1), match.group(2)
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if start >= size or (last and int(last) < start):
            raise ValueError
    else:
        length = int(last)
        if length == 0:
            raise ValueError
        start, end = max(size - length, 0), size - 1
    return start, end


def _stream(handle, start: int, length: int):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


@require_safe
def blob(request, token: str):
    try:
        payload = read_blob_token(token)
    except signing.BadSignature:  # expired included: these links live two minutes
        raise Http404 from None
    if payload.get("s") != current_schema_name():
        raise Http404
    name = payload["n"]
    storage = storages["default"]
    try:
        size = storage.size(name)
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    try:
        selected = _parse_range(request.headers.get("Range", ""), size) if request.headers.get("Range") else None
    except ValueError:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = selected if selected else (0, size - 1)
    length = max(end - start + 1, 0)
    if request.method == "HEAD":
        handle.close()
        response = HttpResponse(status=206 if selected else 200)
    else:
        response = StreamingHttpResponse(_stream(handle, start, length), status=206 if selected else 200)
    if selected:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    response["Content-Type"] = content_type_for(name)
    response["Content-Disposition"] = payload.get("d") or "attachment"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = f"private, max-age={blob_max_age()}"
    response["Referrer-Policy"] = "no-referrer"
    # The file is shown as a document of its own: no scripts, ever.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
    return response
