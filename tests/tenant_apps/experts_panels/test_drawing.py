"""The pure draw engine: NIST known answer, uniformity, determinism, verification."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tenant_apps.experts.panels import drawing


def test_hmac_drbg_nist_known_answer():
    # NIST CAVP HMAC_DRBG.rsp, SHA-256, no PR, no reseed, no personalization/additional input, COUNT = 0.
    drbg = drawing.HmacDrbg(bytes.fromhex("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488"), bytes.fromhex("659ba96c601dc69fc902940805ec0ca8"))
    drbg.generate(128)
    assert drbg.generate(128).hex() == (
        "e528e9abf2dece54d47c7e75e5fe302149f817ea9fb4bee6f4199697d04d5b89d54fbb978a15b5c443c9ec21036d2460"
        "b6f73ebad0dc2aba6e624abf07745bc107694bb7547bb0995f70de25d6b29e2d3011bb19d27676c07162c8b5ccde0668"
        "961df86803482cb37ed6d5c0bb8d50cf1f50d476aa0458bdaba806f48be9dcb8"
    )


def test_every_candidate_equally_likely_chi_square():
    candidates = list(range(1, 21))
    counts = dict.fromkeys(candidates, 0)
    trials = 6000
    for t in range(trials):
        seed = drawing.sha256_hex(f"trial-{t}".encode())
        for pick in drawing.draw(seed_hex=seed, groups=[[candidates]], counts=[3]):
            counts[pick.expert_id] += 1
    expected = trials * 3 / len(candidates)
    chi_square = sum((observed - expected) ** 2 / expected for observed in counts.values())
    # 19 degrees of freedom: the 99.9% critical value is 43.82.
    assert chi_square < 43.82, counts


def test_first_position_uniform_chi_square():
    candidates = list(range(100, 110))
    counts = dict.fromkeys(candidates, 0)
    for t in range(5000):
        counts[next(drawing.group_order(drawing.sha256_hex(str(t).encode()), 1, [candidates]))] += 1
    chi_square = sum((c - 500) ** 2 / 500 for c in counts.values())
    assert chi_square < 27.88  # 9 dof, 99.9%


@settings(max_examples=60, deadline=None)
@given(pool=st.sets(st.integers(1, 500), min_size=1, max_size=80), excluded=st.sets(st.integers(1, 500), max_size=40),
       count=st.integers(1, 12), seed=st.binary(min_size=32, max_size=32))
def test_never_draws_outside_the_frozen_list(pool, excluded, count, seed):
    frozen = sorted(pool - excluded)
    picks = drawing.draw(seed_hex=seed.hex(), groups=[[frozen]], counts=[count]) if frozen else []
    ids = [p.expert_id for p in picks]
    assert not set(ids) & excluded
    assert set(ids) <= set(frozen)
    assert len(ids) == len(set(ids)) == min(count, len(frozen))


def test_tiers_exhaust_best_match_first_and_groups_never_share_an_expert():
    seed = "ab" * 32
    picks = drawing.draw(seed_hex=seed, groups=[[[1, 2, 3], [4, 5, 6]], [[1, 2, 3, 7]]], counts=[4, 2])
    first = [p.expert_id for p in picks if p.group == 1]
    assert set(first[:3]) == {1, 2, 3} and first[3] in {4, 5, 6}
    assert [p.expert_id for p in picks if p.group == 2] == [7] or len([p for p in picks if p.group == 2]) == 1


def test_replacements_are_deterministic_and_verifiable():
    server = "11" * 32
    tiers = [[list(range(1, 30))], [list(range(30, 50))]]
    hashes = [drawing.list_hash(t) for t in tiers]
    seed = drawing.compute_seed(server_value_hex=server, supervisor_values=["123", "abc"], list_hashes=hashes)
    panel = drawing.Panel(seed_hex=seed, groups=tiers)
    picks = panel.fill([3, 2])
    replacement = panel.next_for(1)
    again = drawing.Panel(seed_hex=seed, groups=tiers)
    assert again.fill([3, 2]) == picks and again.next_for(1) == replacement
    rows = [{"row": i, "kind": "drawn", "group": p.group, "position": p.position, "expert_id": p.expert_id} for i, p in enumerate(picks, 1)]
    rows.append({"row": 6, "kind": "replacement", "group": 1, "position": replacement.position, "expert_id": replacement.expert_id})
    receipt = {"algorithm": drawing.ALGORITHM_VERSION, "server_value": server, "commitment": drawing.commitment_for(server), "supervisor_values": ["123", "abc"],
               "seed": seed, "groups": [{"count": 3, "tiers": tiers[0], "list_hash": hashes[0]}, {"count": 2, "tiers": tiers[1], "list_hash": hashes[1]}], "rows": rows}
    assert drawing.verify(receipt).ok
    tampered = dict(receipt, rows=[dict(rows[0], expert_id=rows[1]["expert_id"] + 1000)] + rows[1:])
    assert not drawing.verify(tampered).ok
    assert not drawing.verify(dict(receipt, supervisor_values=["124", "abc"])).ok


def test_index_stream_rejects_instead_of_modulo():
    stream = drawing.IndexStream(drawing.HmacDrbg(bytes(range(32))))
    assert all(0 <= stream.below(3) < 3 for _ in range(1000))
