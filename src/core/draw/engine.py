"""The verifiable draw engine (X30; core.draw). Pure Python, no Django: an auditor can run `verify()`
on the downloaded receipt JSON with nothing but the standard library.

Algorithm "hmac-drbg-sha256/fisher-yates/v1":

1. Each condition group has a frozen candidate list: one or more tiers of expert ids, each
   tier sorted ascending (tier 1 = best match, tier 2 = parent-domain fallback). Its hash is
   SHA-256 over the canonical JSON of the tiers.
2. seed = SHA-256(canonical JSON {"lists": [group hashes], "server": server value hex,
   "supervisors": [values in order], "version": ALGORITHM_VERSION}).
3. Group g (1-based) uses HMAC_DRBG(SHA-256) instantiated with entropy = seed, nonce =
   "group-<g>" (ASCII), no personalization; its byte stream is successive Generate(64) calls.
4. A uniform index below n: read 4 bytes big-endian, mask to the bit length of n-1, reject
   if >= n (rejection sampling, no modulo bias).
5. The order of a tier is a lazy Fisher-Yates shuffle driven by those indices; tiers are
   consumed in order. Position p of a group is the p-th element of that order. The indices
   depend only on the seed and the tier sizes, never on the ids: the draw can compute which
   offsets of the frozen list it needs and read just those (`group_offsets`).
6. Seats are filled group by group; a candidate already on the panel is passed over.
   Replacements continue the same group's order. Every recorded row (drawn, replacement,
   skipped because no longer eligible) names its group and position, so the whole panel can be
   replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

ALGORITHM_VERSION = "hmac-drbg-sha256/fisher-yates/v1"
GENERATE_BLOCK = 64


def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class HmacDrbg:
    """NIST SP 800-90A HMAC_DRBG with SHA-256 (no prediction resistance, no reseed needed:
    a draw reads far fewer than the 2**48 requests allowed between reseeds)."""

    outlen = 32

    def __init__(self, entropy: bytes, nonce: bytes = b"", personalization: bytes = b"") -> None:
        self.key = b"\x00" * self.outlen
        self.value = b"\x01" * self.outlen
        self._update(entropy + nonce + personalization)

    def _hmac(self, key: bytes, data: bytes) -> bytes:
        return hmac.new(key, data, hashlib.sha256).digest()

    def _update(self, provided: bytes = b"") -> None:
        self.key = self._hmac(self.key, self.value + b"\x00" + provided)
        self.value = self._hmac(self.key, self.value)
        if provided:
            self.key = self._hmac(self.key, self.value + b"\x01" + provided)
            self.value = self._hmac(self.key, self.value)

    def generate(self, length: int, additional: bytes = b"") -> bytes:
        if additional:
            self._update(additional)
        out = bytearray()
        while len(out) < length:
            self.value = self._hmac(self.key, self.value)
            out += self.value
        self._update(additional)
        return bytes(out[:length])


class IndexStream:
    """Unbiased integers in [0, n) from a DRBG byte stream (rejection sampling)."""

    def __init__(self, drbg: HmacDrbg) -> None:
        self.drbg = drbg
        self.buffer = b""
        self.offset = 0

    def _word(self) -> int:
        if self.offset + 4 > len(self.buffer):
            self.buffer = self.buffer[self.offset:] + self.drbg.generate(GENERATE_BLOCK)
            self.offset = 0
        word = int.from_bytes(self.buffer[self.offset:self.offset + 4], "big")
        self.offset += 4
        return word

    def below(self, n: int) -> int:
        if n <= 0 or n > 2**32:
            raise ValueError("bound out of range")
        if n == 1:
            return 0
        mask = (1 << (n - 1).bit_length()) - 1
        while True:
            candidate = self._word() & mask
            if candidate < n:
                return candidate


def list_hash(tiers: list[list[int]]) -> str:
    return sha256_hex(canonical_json([sorted(int(i) for i in tier) for tier in tiers]))


def commitment_for(server_value_hex: str) -> str:
    """What is shown before the draw: SHA-256 of the server's random value (bytes)."""
    return sha256_hex(bytes.fromhex(server_value_hex))


def compute_seed(*, server_value_hex: str, supervisor_values: list[str], list_hashes: list[str]) -> str:
    payload = {"lists": list(list_hashes), "server": server_value_hex, "supervisors": [str(v) for v in supervisor_values], "version": ALGORITHM_VERSION}
    return sha256_hex(canonical_json(payload))


def group_offsets(seed_hex: str, group_number: int, tier_sizes: list[int]) -> Iterator[int]:
    """The group's drawn order as offsets into its frozen list (the tiers one after another,
    each sorted ascending). A sparse Fisher-Yates: the swaps live in a dict, so drawing k seats
    costs O(k) whatever the list size, and the same indices give exactly the order of the
    in-place shuffle (`pool[i], pool[j] = pool[j], pool[i]; yield pool[i]`)."""
    stream = IndexStream(HmacDrbg(bytes.fromhex(seed_hex), f"group-{group_number}".encode("ascii")))
    start = 0
    for size in tier_sizes:
        moved: dict[int, int] = {}  # tier index -> index of the sorted tier now held there
        for i in range(size):
            j = i + stream.below(size - i)
            held_i = moved.pop(i, i)
            if j == i:
                yield start + held_i
                continue
            held_j = moved.get(j, j)
            moved[j] = held_i
            yield start + held_j
        start += size


class FrozenLists(Protocol):
    """Where a Panel reads the frozen lists: tier sizes per group, and the ids at given offsets
    (the tiers one after another, each sorted ascending)."""

    def tier_sizes(self, group: int) -> list[int]: ...

    def ids_at(self, wanted: dict[int, list[int]]) -> dict[int, list[int]]: ...


class ListsInMemory:
    """Frozen lists given as tiers of ids (any order: each tier is sorted here)."""

    def __init__(self, groups: list[list[list[int]]]) -> None:
        self.sizes = [[len(tier) for tier in tiers] for tiers in groups]
        self.flat = [[i for tier in tiers for i in sorted(int(x) for x in tier)] for tiers in groups]

    def tier_sizes(self, group: int) -> list[int]:
        return self.sizes[group - 1]

    def ids_at(self, wanted: dict[int, list[int]]) -> dict[int, list[int]]:
        return {group: [self.flat[group - 1][o] for o in offsets] for group, offsets in wanted.items()}


def group_order(seed_hex: str, group_number: int, tiers: list[list[int]]) -> Iterator[int]:
    """The candidates of one group in drawn order (lazy; tiers one after another)."""
    lists = ListsInMemory([tiers])
    flat = lists.flat[0]
    for offset in group_offsets(seed_hex, group_number, lists.sizes[0]):
        yield flat[offset]


@dataclass
class Pick:
    expert_id: int
    group: int  # 1-based group number
    position: int  # 0-based position in the group's order


@dataclass
class GroupCursor:
    order: Iterator[int]
    position: int = 0
    exhausted: bool = False


class Panel:
    """Replays a draw: initial seats, then replacements, from the same per-group streams.

    The frozen lists come as tiers of ids (`groups`, e.g. from a receipt) or from a
    `FrozenLists` source that reads only the offsets the draw needs (`lists`)."""

    def __init__(self, seed_hex: str, groups: list[list[list[int]]] | None = None, *, lists: FrozenLists | None = None) -> None:
        if lists is None:
            lists = ListsInMemory(groups or [])
        self.seed_hex = seed_hex
        self.lists = lists
        self.on_panel: set[int] = set()
        self.cursors: dict[int, GroupCursor] = {}
        self._offsets: dict[int, Iterator[int]] = {}
        self._ids: dict[int, list[int]] = {}

    def _resolve(self, wanted: dict[int, int]) -> None:
        """Read the next `n` ids of each group's order in one call to the source."""
        offsets: dict[int, list[int]] = {}
        for group, n in wanted.items():
            if group not in self._offsets:
                self._offsets[group] = group_offsets(self.seed_hex, group, self.lists.tier_sizes(group))
                self._ids[group] = []
            batch = list(itertools.islice(self._offsets[group], n))
            if batch:
                offsets[group] = batch
        if offsets:
            for group, ids in self.lists.ids_at(offsets).items():
                self._ids[group].extend(int(i) for i in ids)

    def _order(self, group: int) -> Iterator[int]:
        index = 0
        while True:
            if index >= len(self._ids.get(group, [])):
                before = len(self._ids.get(group, []))
                self._resolve({group: 16})
                if len(self._ids[group]) == before:
                    return
            yield self._ids[group][index]
            index += 1

    def _cursor(self, group: int) -> GroupCursor:
        if group not in self.cursors:
            self.cursors[group] = GroupCursor(order=self._order(group))
        return self.cursors[group]

    def skip(self, group: int, n: int) -> None:
        """Move `group`'s stream past its first `n` candidates (a replacement resumes there),
        reading them in one call to the source."""
        if n > 0:
            self._resolve({group: n})
        cursor = self._cursor(group)
        for _ in itertools.islice(cursor.order, n):
            pass
        cursor.position = n

    def next_for(self, group: int) -> Pick | None:
        """The next candidate of `group` not yet on the panel (None when exhausted)."""
        cursor = self._cursor(group)
        for expert_id in cursor.order:
            position = cursor.position
            cursor.position += 1
            if expert_id in self.on_panel:
                continue
            self.on_panel.add(expert_id)
            return Pick(expert_id=expert_id, group=group, position=position)
        cursor.exhausted = True
        return None

    def fill(self, counts: list[int]) -> list[Pick]:
        # Group g can lose at most as many candidates to the panel as the seats before it, so
        # reading count + earlier seats ids per group up front (one call) fills every seat.
        wanted, earlier = {}, 0
        for number, count in enumerate(counts, start=1):
            if number not in self._offsets:
                wanted[number] = count + earlier
            earlier += count
        self._resolve(wanted)
        picks: list[Pick] = []
        for number, count in enumerate(counts, start=1):
            for _ in range(count):
                pick = self.next_for(number)
                if pick is None:
                    break
                picks.append(pick)
        return picks


def draw(*, seed_hex: str, groups: list[list[list[int]]], counts: list[int]) -> list[Pick]:
    return Panel(seed_hex=seed_hex, groups=groups).fill(counts)


@dataclass
class VerifyResult:
    ok: bool
    problems: list[str]
    recomputed: list[dict]


def verify(receipt: dict) -> VerifyResult:
    """Recompute a random draw from its receipt JSON (see `documents.receipt_json`).

    Checks: the commitment matches the revealed server value, each frozen list matches its
    hash, the seed matches, and replaying the streams gives exactly the recorded rows in order
    (initial seats, then each replacement or skipped row taking the next candidate)."""
    problems: list[str] = []
    if receipt.get("algorithm") != ALGORITHM_VERSION:
        return VerifyResult(False, [f"unknown algorithm {receipt.get('algorithm')!r}"], [])
    server = receipt.get("server_value") or ""
    if not server:
        return VerifyResult(False, ["server value not revealed yet"], [])
    if commitment_for(server) != receipt.get("commitment"):
        problems.append("commitment does not match the server value")
    groups = receipt["groups"]
    tiers = [group["tiers"] for group in groups]
    hashes = [list_hash(t) for t in tiers]
    for number, (group, digest) in enumerate(zip(groups, hashes, strict=True), start=1):
        if group.get("list_hash") != digest:
            problems.append(f"group {number}: frozen list does not match its hash")
    seed = compute_seed(server_value_hex=server, supervisor_values=receipt.get("supervisor_values", []), list_hashes=hashes)
    if seed != receipt.get("seed"):
        problems.append("seed does not match the inputs")
    panel = Panel(seed_hex=seed, groups=tiers)
    counts = [int(group["count"]) for group in groups]
    rows = receipt.get("rows", [])
    recomputed: list[dict] = []
    initial = [row for row in rows if row.get("kind") == "drawn"]
    later = [row for row in rows if row.get("kind") != "drawn"]
    for pick in panel.fill(counts):
        recomputed.append({"kind": "drawn", "group": pick.group, "position": pick.position, "expert_id": pick.expert_id})
    for row in later:
        pick = panel.next_for(int(row["group"]))
        if pick is None:
            problems.append(f"row {row.get('row')}: group {row['group']} has no further candidate")
            continue
        recomputed.append({"kind": row["kind"], "group": pick.group, "position": pick.position, "expert_id": pick.expert_id})
    recorded = [{"kind": r["kind"], "group": int(r["group"]), "position": int(r["position"]), "expert_id": int(r["expert_id"])} for r in initial + later]
    if recorded != recomputed:
        problems.append("recorded panel differs from the recomputed panel")
    return VerifyResult(not problems, problems, recomputed)
