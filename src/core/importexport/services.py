"""Import and export jobs: create (in the request), run (in the Celery worker).

Imports are always run by the worker (`core.run_import_job`), whatever their size: one code
path, and the page shows the same progress for 5 rows or 20 000.

Resuming: rows are processed in chunks; each chunk (every row in its own savepoint) is
committed together with the job's counters and `processed_rows`, which is the index of the
next row to handle. A worker that dies mid-chunk loses only that uncommitted chunk, and the
redelivered task (acks_late) starts again at `processed_rows`, so no row is saved twice.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record
from core.errors import ApplicationError, PermissionDenied
from core.importexport import xlsx
from core.importexport.spec import (
    BACKGROUND_THRESHOLD,
    ExportSpec,
    ImportSpec,
    export_spec,
    holds_personal_data,
    import_spec,
)
from core.importexport.stamp import (
    export_reason_check,
    requester_label,
    stamp_bytes,
    stamp_workbook,
)
from core.models import FileJob

logger = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


def max_upload_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def _check_upload(upload) -> None:
    if upload is None:
        raise ApplicationError("请选择要上传的文件。", code="file_missing", fields={"file": ["请选择文件。"]})
    name = getattr(upload, "name", "") or ""
    if os.path.splitext(name)[1].lower() != ".xlsx":
        raise ApplicationError(
            "只支持 .xlsx 格式的 Excel 文件（.xls 或 .csv 请先在 Excel 中另存为 .xlsx）。",
            code="file_type", fields={"file": ["文件类型不正确。"]},
        )
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ApplicationError(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），不能超过 {limit // 1024 // 1024} MB。",
            code="file_too_large", fields={"file": ["文件过大。"]},
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_MAGIC:
        raise ApplicationError("文件内容不是有效的 .xlsx 表格。", code="file_type", fields={"file": ["文件类型不正确。"]})


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied("没有权限执行该操作。")


@transaction.atomic
def import_job_create(*, actor, spec_name: str, upload) -> FileJob:
    """Check the file (type, size, required columns) and queue the import."""
    spec = import_spec(spec_name)
    _require(actor, spec.permission)
    _check_upload(upload)
    _, rows = xlsx.read_rows(upload, spec)  # rejects unreadable files and missing columns now
    if not rows:
        raise ApplicationError("文件中没有可导入的数据行。", code="empty_file", fields={"file": ["没有数据。"]})
    upload.seek(0)
    job = FileJob(kind=FileJob.Kind.IMPORT, spec=spec.name, created_by_id=actor.pk, total_rows=len(rows))
    job.params = {"file_name": os.path.basename(upload.name)[:200], "rejections": [], "results": []}
    job.source_file.save(f"{spec.name}-{timezone.now():%Y%m%d%H%M%S}.xlsx", upload, save=False)
    job.save()
    audit_record(actor=actor, action="file_job.import", target=job, after={"spec": spec.name, "file": job.params["file_name"], "rows": len(rows)}, only_changes=False)
    _queue(job, "core.run_import_job")
    return job


def _queue(job: FileJob, task_name: str) -> None:
    from celery import current_app

    job_id = job.pk
    transaction.on_commit(lambda: current_app.send_task(task_name, args=[job_id]))


def _actor(job: FileJob):
    return get_user_model().objects.filter(pk=job.created_by_id).first()


def _reason(exc: Exception, spec: ImportSpec) -> str:
    if isinstance(exc, ApplicationError):
        details = [f"{spec.header_for(key)}：{'；'.join(map(str, messages))}" for key, messages in exc.fields.items()]
        return "；".join(details) if details else exc.message
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def _parse_row(spec: ImportSpec, values: list[str]) -> tuple[dict, list[str]]:
    parsed: dict = {}
    errors: list[str] = []
    for column, raw in zip(spec.columns, values, strict=True):
        if not raw:
            if column.required:
                errors.append(f"{column.header}：必填")
            parsed[column.key] = None
            continue
        try:
            parsed[column.key] = column.parser(raw) if column.parser else raw
        except (ValueError, ValidationError, ApplicationError) as exc:
            message = exc.message if isinstance(exc, ApplicationError) else _reason(exc, spec)
            errors.append(f"{column.header}：{message}")
    return parsed, errors


def duplicates_in_file(spec: ImportSpec, rows: list[tuple[int, list[str]]]) -> dict[int, str]:
    """Excel row number -> reason, for rows repeating a unique value of an earlier row."""
    seen: dict[tuple[str, str], int] = {}
    reasons: dict[int, str] = {}
    for number, values in rows:
        problems = []
        for column, raw in zip(spec.columns, values, strict=True):
            if not column.unique_in_file or not raw:
                continue
            key = (column.key, raw.strip().lower())
            if key in seen:
                problems.append(f"{column.header}与第 {seen[key]} 行重复")
            else:
                seen[key] = number
        if problems:
            reasons[number] = "；".join(problems)
    return reasons


def import_job_run(*, job_id: int) -> FileJob:
    """Process the rows not yet processed; safe to call again after a crash."""
    job = FileJob.objects.get(pk=job_id)
    if job.status == FileJob.Status.DONE:
        return job
    spec = import_spec(job.spec)
    actor = _actor(job)
    try:
        with job.source_file.open("rb") as handle:
            _, rows = xlsx.read_rows(handle, spec)
        duplicates = duplicates_in_file(spec, rows)
        FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.RUNNING, total_rows=len(rows), error="")
        while _import_chunk(job_id=job.pk, spec=spec, actor=actor, rows=rows, duplicates=duplicates):
            pass
        return _import_finish(job_id=job.pk, spec=spec)
    except ApplicationError as exc:  # the file itself is unusable: the job fails, nothing to retry
        return _fail(job.pk, exc.message)
    except Exception as exc:
        _fail(job.pk, "处理中断，可稍后重试，已导入的行不会重复导入。")
        logger.exception("import job %s interrupted", job.pk)
        raise exc


def _import_chunk(*, job_id: int, spec: ImportSpec, actor, rows, duplicates) -> bool:
    """Handle the next chunk; False when every row has been processed."""
    with transaction.atomic():
        job = FileJob.objects.select_for_update().get(pk=job_id)  # one runner per chunk
        start = job.processed_rows
        if start >= len(rows):
            return False
        chunk = rows[start : start + spec.chunk_size]
        batch = _batch_outcomes(spec, actor, chunk, duplicates) if spec.batch_handler else None
        for number, values in chunk:
            reason = duplicates.get(number)
            result = None
            if batch is not None:
                reason, result = batch.get(number, (None, None))
            elif reason is None:
                parsed, errors = _parse_row(spec, values)
                reason = "；".join(errors) or None
            if reason is None and batch is None:
                try:
                    with transaction.atomic():  # one savepoint per row: a bad row loses nothing else
                        result = spec.handler(actor=actor, values=parsed)
                except (ApplicationError, ValidationError) as exc:
                    reason = _reason(exc, spec)
                except IntegrityError:
                    reason = "与已有数据冲突（可能刚被他人录入），请核对后重试"
            if reason is None:
                job.succeeded_rows += 1
                if result and spec.result_columns:
                    job.params.setdefault("results", []).append([result.get(key, "") for key, _ in spec.result_columns])
            else:
                job.rejected_rows += 1
                job.params.setdefault("rejections", []).append([number, values, reason])
            job.processed_rows += 1
        job.save(update_fields=["processed_rows", "succeeded_rows", "rejected_rows", "params"])
        return True


def _batch_outcomes(spec: ImportSpec, actor, chunk, duplicates) -> dict:
    """Row number -> (reason, result) for a chunk saved by the spec's batch handler."""
    outcomes: dict = {}
    valid = []
    for number, values in chunk:
        parsed, errors = _parse_row(spec, values)
        reason = duplicates.get(number) or "；".join(errors) or None
        if reason is None:
            valid.append((number, parsed))
        else:
            outcomes[number] = (reason, None)
    if valid:
        for number, (reason, result) in spec.batch_handler(actor=actor, rows=valid).items():
            outcomes[number] = (reason, result)
    return outcomes


@transaction.atomic
def _import_finish(*, job_id: int, spec: ImportSpec) -> FileJob:
    job = FileJob.objects.select_for_update().get(pk=job_id)
    if job.status == FileJob.Status.DONE:
        return job
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    rejections = job.params.get("rejections") or []
    if rejections:
        job.report_file.save(f"{spec.name}-report-{stamp}.xlsx", ContentFile(xlsx.build_report(spec, rejections)), save=False)
    results = job.params.pop("results", None) or []
    if results:
        table = xlsx.StreamingTable(spec.result_title, [header for _, header in spec.result_columns])
        for row in results:
            table.append(row)
        job.result_file.save(f"{spec.name}-result-{stamp}.xlsx", ContentFile(table.to_bytes()), save=False)
    job.status = FileJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    return job


def _fail(job_id: int, message: str) -> FileJob:
    FileJob.objects.filter(pk=job_id).exclude(status=FileJob.Status.DONE).update(
        status=FileJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    return FileJob.objects.get(pk=job_id)


@transaction.atomic
def job_retry(*, actor, job: FileJob) -> FileJob:
    """Queue a failed job again; an import resumes after its last committed row."""
    if job.status != FileJob.Status.FAILED:
        raise ApplicationError("只有失败的任务可以重试。", code="job_not_failed")
    job.status = FileJob.Status.PENDING
    job.error = ""
    job.finished_at = None
    job.save(update_fields=["status", "error", "finished_at"])
    audit_record(actor=actor, action="file_job.retry", target=job)
    _queue(job, "core.run_import_job" if job.kind == FileJob.Kind.IMPORT else "core.run_export_job")
    return job


# --- exports ---------------------------------------------------------------------------------
#
# Every export goes through one of three doors, and each door checks the same things: the
# permission, a stated reason when the file holds personal data (the spec declares it, see
# ExportSpec.personal_data), the requester, time and reason stamped into the file, and one
# audit event with the reason.
#
# - export_job_create: a spec, built by the worker (FileJob with progress);
# - export_now: a spec, built in the request (small exports);
# - export_document: a finished document the app renders itself (a sheet from a template,
#   a payout list), for which the app declares `personal_data` in the call.


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    rows: int


def export_columns(spec: ExportSpec, actor, params: dict | None = None) -> list[tuple]:
    """(field, masked) for the fields this actor gets; fields they may not see and that have
    no mask are left out entirely."""
    if spec.columns is not None:
        return spec.columns(actor=actor, params=params or {})
    columns = []
    for field in spec.fields:
        allowed = field.permission is None or actor.has_perm(field.permission)
        if allowed:
            columns.append((field, False))
        elif field.mask is not None:
            columns.append((field, True))
    return columns


def _export_permitted(actor, spec: ExportSpec) -> bool:
    return actor.has_perm(spec.permission) and all(actor.has_perm(p) for p in spec.extra_permissions)


def _export_params(spec: ExportSpec, params: dict | None) -> dict:
    return {key: str(value) for key, value in (params or {}).items() if key in spec.param_names and value not in (None, "")}


def _export_reason(spec: ExportSpec, reason: str, params: dict | None, columns) -> str:
    return export_reason_check(reason or (params or {}).get("reason") or "", personal=holds_personal_data(spec, columns))


def _export_audit(*, actor, spec: ExportSpec, params: dict, columns, reason: str, target=None, rows: int | None = None) -> None:
    after = {"spec": spec.name, "filters": {k: v for k, v in params.items() if not k.startswith("_")},
             "fields": [f.key for f, _ in columns], "masked": [f.key for f, masked in columns if masked],
             "reason": reason, "personal_data": holds_personal_data(spec, columns)}
    if spec.audit_details is not None:
        after.update(spec.audit_details(actor=actor, params=params))
    if rows is not None:
        after["rows"] = rows
    if target is not None:
        audit_record(actor=actor, action=spec.audit_action, target=target, after=after, only_changes=False)
    else:
        audit_record(actor=actor, action=spec.audit_action, object_type="core.filejob", object_label=f"{spec.title}导出",
                     after=after, only_changes=False)


@transaction.atomic
def export_job_create(*, actor, spec_name: str, params: dict | None = None, reason: str = "") -> FileJob:
    """Queue an export. `reason` (why the data leaves the system; required when the spec holds
    personal data, also read from params["reason"]) is kept in the audit event and written
    into the file with the requester and time (core.importexport.stamp)."""
    spec = export_spec(spec_name)
    if not _export_permitted(actor, spec):
        raise PermissionDenied("没有权限执行该操作。")
    clean = _export_params(spec, params)
    columns = export_columns(spec, actor, clean)
    reason = _export_reason(spec, reason, params, columns)
    if reason:
        clean["_reason"] = reason
    job = FileJob.objects.create(kind=FileJob.Kind.EXPORT, spec=spec.name, created_by_id=actor.pk, params=clean)
    _export_audit(actor=actor, spec=spec, params=clean, columns=columns, reason=reason, target=job)
    _queue(job, "core.run_export_job")
    return job


def _export_value(field, masked: bool, obj) -> object:
    value = field.value(obj)
    if value is None:
        return ""
    if masked:
        return field.mask(str(value)) if value != "" else ""
    if isinstance(value, list | tuple):
        return "、".join(map(str, value))
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def _build_table(spec: ExportSpec, actor, params: dict, columns, *, on_progress=None, progress_every: int = 200):
    table = xlsx.StreamingTable(spec.title, [field.header for field, _ in columns])
    done = 0
    for obj in spec.rows(actor=actor, params=params):
        table.append([_export_value(field, masked, obj) for field, masked in columns])
        done += 1
        if on_progress is not None and done % progress_every == 0:
            on_progress(done)
    return table, done


def export_filename(spec: ExportSpec, at=None) -> str:
    return f"{spec.file_title or spec.title}-{timezone.localtime(at or timezone.now()):%Y%m%d%H%M%S}.xlsx"


def background_threshold(spec: ExportSpec) -> int:
    if spec.background_threshold is not None:
        return spec.background_threshold
    return int(getattr(settings, "EXPORT_BACKGROUND_THRESHOLD", BACKGROUND_THRESHOLD))


def export_count(*, actor, spec_name: str, params: dict | None = None) -> int:
    spec = export_spec(spec_name)
    return spec.count(actor=actor, params=_export_params(spec, params))


def export_now(*, actor, spec_name: str, params: dict | None = None, reason: str = "") -> ExportFile:
    """Build a spec's file in the request (for exports under the spec's background threshold):
    the same checks, stamp and audit as a job."""
    spec = export_spec(spec_name)
    if not _export_permitted(actor, spec):
        raise PermissionDenied("没有权限执行该操作。")
    clean = _export_params(spec, params)
    columns = export_columns(spec, actor, clean)
    reason = _export_reason(spec, reason, params, columns)
    at = timezone.now()
    table, done = _build_table(spec, actor, clean, columns)
    stamp_workbook(table.workbook, requester=requester_label(actor), title=spec.title, reason=reason,
                   personal=holds_personal_data(spec, columns), at=at)
    content = table.to_bytes()
    with transaction.atomic():
        _export_audit(actor=actor, spec=spec, params=clean, columns=columns, reason=reason, rows=done)
    return ExportFile(content=content, filename=export_filename(spec, at), rows=done)


def export_start(*, actor, spec_name: str, params: dict | None = None, reason: str = "") -> ExportFile | FileJob:
    """What a page calls: the file at once when the export is small, else a background job
    (the page then shows the job's progress and its download link)."""
    spec = export_spec(spec_name)
    if not _export_permitted(actor, spec):
        raise PermissionDenied("没有权限执行该操作。")
    _export_reason(spec, reason, params, export_columns(spec, actor, _export_params(spec, params)))  # refuse before counting
    if export_count(actor=actor, spec_name=spec_name, params=params) > background_threshold(spec):
        return export_job_create(actor=actor, spec_name=spec_name, params=params, reason=reason)
    return export_now(actor=actor, spec_name=spec_name, params=params, reason=reason)


def export_document(*, actor, title: str, filename: str, personal_data: bool, reason: str, build, action: str = "file_job.export",
                    target=None, object_type: str = "core.filejob", details: dict | None = None) -> bytes:
    """A document the app renders itself (.xlsx or .docx bytes from `build()`): refused without
    a reason when it holds personal data, stamped with requester, time and reason, audited.
    The caller states `personal_data`; it has no default so that no caller can forget it."""
    reason = export_reason_check(reason, personal=personal_data)
    at = timezone.now()
    content = stamp_bytes(build(), filename=filename, requester=requester_label(actor), title=title, reason=reason,
                          personal=personal_data, at=at)
    after = {"document": title, "file": filename, "reason": reason, "personal_data": personal_data, **(details or {})}
    with transaction.atomic():
        if target is not None:
            audit_record(actor=actor, action=action, target=target, after=after, only_changes=False)
        else:
            audit_record(actor=actor, action=action, object_type=object_type, object_label=f"{title}导出"[:200], after=after, only_changes=False)
    return content


def export_job_run(*, job_id: int, progress_every: int = 200) -> FileJob:
    """Build the workbook (write_only, streamed from the selector) and attach it to the job.
    Running it again rebuilds the same file: exports have no side effects to repeat."""
    job = FileJob.objects.get(pk=job_id)
    if job.status == FileJob.Status.DONE:
        return job
    spec = export_spec(job.spec)
    actor = _actor(job)
    try:
        if actor is None or not actor.is_active or not _export_permitted(actor, spec):
            return _fail(job.pk, "创建人已无导出权限。")
        columns = export_columns(spec, actor, job.params)
        total = spec.count(actor=actor, params=job.params)
        FileJob.objects.filter(pk=job.pk).update(status=FileJob.Status.RUNNING, total_rows=total, processed_rows=0, error="")
        table, done = _build_table(
            spec, actor, job.params, columns, progress_every=progress_every,
            on_progress=lambda n: FileJob.objects.filter(pk=job.pk).update(processed_rows=min(n, total)),
        )
        job.refresh_from_db()
        stamp_workbook(table.workbook, requester=requester_label(actor), title=spec.title, reason=job.params.get("_reason", ""),
                       personal=holds_personal_data(spec, columns), at=job.created_at)
        job.result_file.save(f"{spec.name}-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(table.to_bytes()), save=False)
        job.total_rows = done
        job.processed_rows = done
        job.succeeded_rows = done
        job.status = FileJob.Status.DONE
        job.finished_at = timezone.now()
        job.save()
        return job
    except Exception as exc:
        _fail(job.pk, "导出失败，请稍后重试。")
        logger.exception("export job %s failed", job.pk)
        raise exc
