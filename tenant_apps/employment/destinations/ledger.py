"""The per-graduate hash chain of destination changes (a destination nobody can quietly rewrite).

Each entry stores the destination's canonical state after the change and
hash = SHA-256(previous hash + canonical JSON of the entry). Re-checking a chain recomputes every
hash and compares the last state with the row as it is now: an entry edited in SQL breaks its
hash, a destination (or evidence) row edited in SQL no longer matches the chain's last state."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from tenant_apps.employment.destinations.models import Destination, Evidence, LedgerEntry

GENESIS = "0" * 64
ACTION_LABELS = {
    "draft": "保存草稿", "filed_by_staff": "老师代填", "submit": "提交审核", "evidence_remove": "删除材料",
    "approve_counsellor": "辅导员通过", "approve_college": "学院通过", "approve_university": "学校通过",
    "return_counsellor": "辅导员退回", "return_college": "学院退回", "return_university": "学校退回",
    "student_confirm": "学生确认", "student_dispute": "学生异议", "dispute_upheld": "异议成立", "dispute_dismissed": "异议不成立",
}
STATE_FIELDS = (
    "category", "sub_code", "employer_name", "employer_credit_code", "employer_region", "employer_nature", "employer_size", "employer_founded_on",
    "employer_address", "job_title", "contract_start", "contract_end", "monthly_pay", "admitting_school", "country", "project_name", "shop_url",
    "notes", "status", "is_filed_by_staff", "filed_by_id", "return_reason", "confirmation", "dispute_text", "dispute_resolution",
)


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def destination_state(destination: Destination | None, evidence: Iterable[Evidence] | None = None) -> dict:
    """The canonical state hashed into the chain (empty dict: no destination)."""
    if destination is None or destination.pk is None:
        return {}
    files = evidence if evidence is not None else destination.evidence.all()
    state = {field: _plain(getattr(destination, field)) for field in STATE_FIELDS}
    state["evidence"] = sorted(e.sha256 for e in files)
    return state


def canonical(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def entry_hash(*, previous_hash: str, record_id: int, sequence: int, action: str, actor_id, created_at: datetime.datetime, state: dict, changes: dict,
               evidence_hashes: list) -> str:
    body = canonical({"record": record_id, "sequence": sequence, "action": action, "actor": actor_id, "at": _stamp(created_at), "state": state,
                      "changes": changes, "evidence": evidence_hashes})
    return hashlib.sha256(f"{previous_hash}|{body}".encode()).hexdigest()


def _changes(before: dict, after: dict) -> dict:
    keys = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    return {k: [before.get(k), after.get(k)] for k in keys}


def ledger_append(*, record, action: str, actor, before: dict, after: dict) -> LedgerEntry:
    """Append one entry; the caller holds the graduate record's row lock (select_for_update), so
    two changes of one graduate cannot race for a sequence number."""
    last = LedgerEntry.objects.filter(record_id=record.pk).order_by("-sequence").only("sequence", "entry_hash").first()
    sequence = (last.sequence + 1) if last else 1
    previous = last.entry_hash if last else GENESIS
    created_at = timezone.now()
    changes = _changes(before, after)
    evidence_hashes = after.get("evidence", [])
    actor_id = getattr(actor, "pk", None)
    label = (getattr(actor, "display_name", "") or getattr(actor, "username", "") or "系统")[:150] if actor is not None else "系统"
    entry = LedgerEntry(
        record_id=record.pk, sequence=sequence, action=action, actor_id=actor_id, actor_label=label, created_at=created_at, state=after, changes=changes,
        evidence_hashes=evidence_hashes, previous_hash=previous,
        entry_hash=entry_hash(previous_hash=previous, record_id=record.pk, sequence=sequence, action=action, actor_id=actor_id, created_at=created_at,
                              state=after, changes=changes, evidence_hashes=evidence_hashes),
    )
    entry.save()
    return entry


@dataclass
class ChainProblem:
    record_id: int
    sequence: int | None
    problem: str


def _rows(sql: str, record_ids: list[int] | None, batch: int):
    """Ledger rows straight from a server-side cursor (JSON decoded by the caller, once)."""
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.itersize = batch
        cursor.execute(sql.format(where=""), [record_ids] if record_ids is not None else [])
        yield from cursor


def chains_verify(record_ids: Iterable[int] | None = None, *, batch: int = 2000) -> tuple[int, list[ChainProblem]]:
    """Re-check chains (all, or the given graduates'). Returns (chains checked, problems)."""
    entry_sql = ("SELECT record_id, sequence, action, actor_id, created_at, state::text, changes::text, evidence_hashes::text, previous_hash, entry_hash "
                 f"FROM {LedgerEntry._meta.db_table}{{where}} ORDER BY record_id, sequence")
    # Plain tuples, not model instances: the bulk check reads every destination of the school.
    destinations = Destination.objects.values_list("record_id", "pk", *STATE_FIELDS)
    evidence = Evidence.objects.values_list("destination_id", "sha256")
    if record_ids is not None:
        record_ids = list(record_ids)
        entry_sql = entry_sql.format(where=" WHERE record_id = ANY(%s)")
        destinations = destinations.filter(record_id__in=record_ids)
        evidence = evidence.filter(destination__record_id__in=record_ids)
    files: dict[int, list[str]] = {}
    for destination_id, digest in evidence.iterator(chunk_size=batch):
        files.setdefault(destination_id, []).append(digest)
    current = {}
    for row in destinations.iterator(chunk_size=batch):
        state = {field: _plain(value) for field, value in zip(STATE_FIELDS, row[2:], strict=True)}
        state["evidence"] = sorted(files.get(row[1], ()))
        current[row[0]] = state
    problems: list[ChainProblem] = []
    last_state: dict[int, dict] = {}
    previous, expected_sequence, record = GENESIS, 1, None
    for record_id, sequence, action, actor_id, created_at, state, changes, evidence, previous_hash, stored_hash in _rows(entry_sql, record_ids, batch):
        state, changes, evidence = json.loads(state), json.loads(changes), json.loads(evidence)
        if record_id != record:
            record, previous, expected_sequence = record_id, GENESIS, 1
        if sequence != expected_sequence:
            problems.append(ChainProblem(record_id, sequence, f"序号不连续（应为 {expected_sequence}），有记录被删除或插入"))
        if previous_hash != previous:
            problems.append(ChainProblem(record_id, sequence, "前一条哈希不一致，链被改写"))
        computed = entry_hash(previous_hash=previous_hash, record_id=record_id, sequence=sequence, action=action, actor_id=actor_id, created_at=created_at,
                              state=state, changes=changes, evidence_hashes=evidence)
        if computed != stored_hash:
            problems.append(ChainProblem(record_id, sequence, "本条内容与哈希不符，变更记录被改动"))
        previous, expected_sequence = stored_hash, sequence + 1
        last_state[record_id] = state
    for record_id, state in current.items():
        chained = last_state.get(record_id)
        if chained is None:
            problems.append(ChainProblem(record_id, None, "毕业去向没有任何变更记录，可能绕过系统写入"))
        elif chained != state:
            fields = sorted(k for k in set(state) | set(chained) if state.get(k) != chained.get(k))
            problems.append(ChainProblem(record_id, None, f"当前去向与变更链最后状态不一致（{'、'.join(fields)}），疑似在系统外被修改"))
    for record_id, state in last_state.items():
        if record_id not in current and state:
            problems.append(ChainProblem(record_id, None, "变更链中有去向，但去向记录已不存在，疑似在系统外被删除"))
    return len(set(current) | set(last_state)), problems
