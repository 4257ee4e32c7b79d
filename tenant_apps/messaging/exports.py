"""Excel export of a message's delivery log (streamed row by row, write-only workbook)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from core.masking import mask_value

HEADERS = ["姓名", "渠道", "地址", "状态", "服务商", "服务商消息 ID", "原因", "尝试次数", "发送时间"]


def deliveries_xlsx(*, message, deliveries) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("发送明细")
    sheet.append(["消息", message.subject, "创建时间", message.created_at.strftime("%Y-%m-%d %H:%M"), "需发", message.total, "成功", message.succeeded, "失败", message.failed])
    sheet.append(HEADERS)
    for row in deliveries.iterator(chunk_size=2000):
        sheet.append([
            row.recipient_name,
            row.get_channel_display() if row.channel else "",
            mask_value("phone" if row.channel in ("sms", "voice") else "default", row.address) if row.address else "",
            row.get_status_display(),
            row.provider,
            row.provider_message_id,
            row.reason,
            row.attempts,
            row.sent_at.strftime("%Y-%m-%d %H:%M:%S") if row.sent_at else "",
        ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
