"""Import of the foundation's e-receipt numbers (财政电子票据): finance uploads an Excel of
donation number / receipt number; each row is recorded (the donation's amount is locked from
then on) or rejected with its reason in the report."""

from __future__ import annotations

from core.errors import ApplicationError
from core.importexport import parsers
from core.importexport.spec import Column, ImportSpec, register_import
from tenant_apps.alumni.giving.services import donation_receipt_record

RECEIPT_IMPORT_NAME = "alumni_giving.receipts"


def import_receipt_row(*, actor, values: dict) -> dict:
    try:
        donation = donation_receipt_record(actor=actor, number=values["number"], receipt_number=values["receipt_number"])
    except ApplicationError as exc:  # the report shows the service's sentence
        raise ApplicationError(exc.message, code=exc.code) from exc
    return {"number": donation.number, "receipt_number": donation.receipt_number, "amount": donation.amount_yuan}


RECEIPT_IMPORT = register_import(ImportSpec(
    name=RECEIPT_IMPORT_NAME,
    title="捐赠电子票据",
    permission="alumni_giving.record_receipt",
    handler=import_receipt_row,
    max_rows=20000,
    columns=[
        Column("number", "捐赠编号", required=True, parser=parsers.text(20), example="JZ20260101A1B2C3", help="捐赠记录页的捐赠编号。", unique_in_file=True),
        Column("receipt_number", "票据号码", required=True, parser=parsers.text(40), example="1101202600012345", help="基金会开具的公益事业捐赠电子票据号码。",
               unique_in_file=True),
    ],
    result_columns=[("number", "捐赠编号"), ("receipt_number", "票据号码"), ("amount", "金额（元）")],
    result_title="已登记的票据",
    notes=["登记票据后，该笔捐赠的金额即被锁定，不能再修改或退款。",
           "捐赠编号不存在、未到账、已登记其他票据号码，或票据号码已用于其他捐赠的行不会导入，失败报告写明原因。"],
))
