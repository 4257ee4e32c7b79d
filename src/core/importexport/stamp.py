"""Exports that hold personal data: a stated reason, and the requester and time in the file.

`export_reason_check` refuses an export of personal data without a reason (个人信息保护法 §51:
access to personal data is limited to what work needs, and each use can be traced);
`stamp_workbook` writes who exported the file, when and why into the workbook's document
properties and into every sheet's printed header and footer, so a leaked printout or file
names its source."""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.errors import ApplicationError

MIN_REASON_LENGTH = 4
PERSONAL_DATA_NOTICE = "含个人信息，仅限本单位工作使用，不得外传"


def export_reason_check(reason: str, *, personal: bool) -> str:
    """The cleaned reason; ApplicationError(code="export_reason_required") when personal data
    is exported without a reason of at least a few characters."""
    reason = " ".join((reason or "").split())[:200]
    if personal and len(reason) < MIN_REASON_LENGTH:
        raise ApplicationError(
            "导出内容包含个人信息，请填写导出事由（至少 4 个字），例如“评审会务联系”。",
            code="export_reason_required", fields={"reason": ["请填写导出事由。"]},
        )
    return reason


def requester_label(user) -> str:
    name = getattr(user, "display_name", "") or ""
    username = user.get_username() if hasattr(user, "get_username") else str(user)
    return f"{name}（{username}）" if name and name != username else username


def stamp_text(*, requester: str, at: datetime.datetime, reason: str = "") -> str:
    text = f"导出人：{requester}  导出时间：{timezone.localtime(at):%Y-%m-%d %H:%M:%S}"
    return f"{text}  事由：{reason}" if reason else text


def stamp_workbook(workbook, *, requester: str, title: str, reason: str = "", personal: bool = True,
                   at: datetime.datetime | None = None) -> None:
    """Document properties plus a printed header (notice) and footer (requester, time, page)
    on every sheet. Works for normal and write-only workbooks; call before saving."""
    at = at or timezone.now()
    line = stamp_text(requester=requester, at=at, reason=reason)
    properties = workbook.properties
    properties.creator = requester[:255]
    properties.lastModifiedBy = requester[:255]
    properties.created = properties.modified = timezone.localtime(at).replace(tzinfo=None)
    properties.title = title[:255]
    properties.subject = PERSONAL_DATA_NOTICE if personal else title[:255]
    properties.description = line[:1000]
    properties.keywords = "个人信息" if personal else ""
    for sheet in workbook.worksheets:
        if personal:
            sheet.oddHeader.center.text = PERSONAL_DATA_NOTICE
            sheet.evenHeader.center.text = PERSONAL_DATA_NOTICE
        for footer in (sheet.oddFooter, sheet.evenFooter):
            footer.left.text = line.replace("&", "&&")[:200]
            footer.right.text = "第 &P 页，共 &N 页"


def stamp_docx(document, *, requester: str, title: str, reason: str = "", personal: bool = True,
               at: datetime.datetime | None = None) -> None:
    """The same for a Word document (python-docx): core properties, and the notice and the
    requester line in every section's header and footer."""
    at = at or timezone.now()
    line = stamp_text(requester=requester, at=at, reason=reason)
    properties = document.core_properties
    properties.author = requester[:255]
    properties.last_modified_by = requester[:255]
    properties.created = properties.modified = timezone.localtime(at).replace(tzinfo=None)
    properties.title = title[:255]
    properties.subject = PERSONAL_DATA_NOTICE if personal else title[:255]
    properties.comments = line[:1000]
    properties.keywords = "个人信息" if personal else ""
    for section in document.sections:
        if personal:
            section.header.add_paragraph(PERSONAL_DATA_NOTICE)
        section.footer.add_paragraph(line)


def stamp_bytes(content: bytes, *, filename: str, requester: str, title: str, reason: str = "", personal: bool = True,
                at: datetime.datetime | None = None) -> bytes:
    """Stamp a finished .xlsx or .docx file given as bytes (documents rendered from templates);
    other types are returned unchanged."""
    import io

    extension = filename.rsplit(".", 1)[-1].lower()
    buffer = io.BytesIO()
    if extension == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content))
        stamp_workbook(workbook, requester=requester, title=title, reason=reason, personal=personal, at=at)
        workbook.save(buffer)
    elif extension == "docx":
        from docx import Document

        document = Document(io.BytesIO(content))
        stamp_docx(document, requester=requester, title=title, reason=reason, personal=personal, at=at)
        document.save(buffer)
    else:
        return content
    return buffer.getvalue()
