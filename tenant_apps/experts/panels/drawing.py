"""The verifiable draw engine now lives in `core.draw.engine` (shared with alumni lotteries);
this module keeps the names the panels code and old imports use."""

from core.draw.engine import (
    ALGORITHM_VERSION,
    GENERATE_BLOCK,
    FrozenLists,
    GroupCursor,
    HmacDrbg,
    IndexStream,
    ListsInMemory,
    Panel,
    Pick,
    VerifyResult,
    canonical_json,
    commitment_for,
    compute_seed,
    draw,
    group_offsets,
    group_order,
    list_hash,
    sha256_hex,
    verify,
)

__all__ = [
    "ALGORITHM_VERSION", "GENERATE_BLOCK", "FrozenLists", "GroupCursor", "HmacDrbg", "IndexStream", "ListsInMemory", "Panel", "Pick", "VerifyResult",
    "canonical_json", "commitment_for", "compute_seed", "draw", "group_offsets", "group_order", "list_hash", "sha256_hex", "verify",
]
