"""The draw engine: NIST known answer, uniformity, determinism, verification (pure); and the
frozen lists as the database keeps and reads them (hash computed in SQL, only the drawn
offsets read back, participation recorded in bulk)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenant_apps.experts.panels import documents, drawing
from tenant_apps.experts.panels.selectors import GroupConditions

from .conftest import make_pool, make_project, prepare


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


# --- reading only the drawn offsets (the draw never loads the frozen lists) ---------------------


def _in_place_order(seed_hex, group_number, tiers):
    """The shuffle as first written (in place over a sorted copy): the reference order."""
    stream = drawing.IndexStream(drawing.HmacDrbg(bytes.fromhex(seed_hex), f"group-{group_number}".encode("ascii")))
    for tier in tiers:
        pool = sorted(tier)
        for i in range(len(pool)):
            j = i + stream.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
            yield pool[i]


@settings(max_examples=80, deadline=None)
@given(tiers=st.lists(st.sets(st.integers(1, 10_000), max_size=60), min_size=1, max_size=3), group=st.integers(1, 5), seed=st.binary(min_size=32, max_size=32))
def test_sparse_shuffle_gives_the_in_place_order(tiers, group, seed):
    tiers = [sorted(t) for t in tiers]
    assert list(drawing.group_order(seed.hex(), group, tiers)) == list(_in_place_order(seed.hex(), group, tiers))


class CountingLists(drawing.ListsInMemory):
    """A source like the database one: counts how often it is read and what."""

    def __init__(self, groups):
        super().__init__(groups)
        self.calls = []

    def ids_at(self, wanted):
        self.calls.append({group: list(offsets) for group, offsets in wanted.items()})
        return super().ids_at(wanted)


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(0, 40), min_size=1, max_size=4), counts=st.lists(st.integers(1, 8), min_size=4, max_size=4),
       overlap=st.integers(0, 30), seed=st.binary(min_size=32, max_size=32))
def test_reading_offsets_gives_the_same_panel_in_one_read(sizes, counts, overlap, seed):
    # groups share ids (each starts `overlap` below the previous one's end), so seats collide
    groups, start = [], 1
    for size in sizes:
        groups.append([list(range(start, start + size))])
        start = max(1, start + size - overlap)
    counts = counts[: len(groups)]
    source = CountingLists(groups)
    lazy = drawing.Panel(seed.hex(), lists=source)
    picks = lazy.fill(counts)
    assert picks == drawing.draw(seed_hex=seed.hex(), groups=groups, counts=counts)
    # one read (none when every list is empty): a group's count plus the seats before it always suffice
    assert len(source.calls) <= 1
    read = sum(len(offsets) for call in source.calls for offsets in call.values())
    assert read == sum(min(count + sum(counts[:i]), size) for i, (count, size) in enumerate(zip(counts, sizes, strict=True)))
    eager = drawing.Panel(seed_hex=seed.hex(), groups=groups)
    eager.fill(counts)
    for number in range(1, len(groups) + 1):  # replacements continue the same streams
        assert lazy.next_for(number) == eager.next_for(number)


# --- the frozen lists in the database (bureau tenant) --------------------------------------------


@pytest.mark.django_db
def test_frozen_hashes_computed_in_sql_match_list_hash(in_bureau, bureau_admin, bureau_tree):
    from tenant_apps.experts.panels.models import ConditionGroup

    top, mid, leaf, other = bureau_tree
    make_pool(1, domains=[leaf])
    make_pool(3, domains=[mid])
    make_pool(2, domains=[other], title_level="senior")
    draw = prepare(bureau_admin, make_project(bureau_admin), [
        GroupConditions(count=3, domain_ids=[leaf.pk]),  # short: a second tier from the parent domain
        GroupConditions(count=1, domain_ids=[other.pk], title_levels=["associate"]),  # nobody: an empty list
        GroupConditions(count=1, domain_ids=[top.pk], max_times_drawn=0),
    ], allow_parent_fallback=True)
    groups = list(ConditionGroup.objects.filter(draw=draw).order_by("number"))
    assert [g.tier_sizes for g in groups] == [[1, 3], [0], [4]]
    assert groups[0].used_fallback and not groups[1].used_fallback
    for group in groups:
        assert group.list_hash == drawing.list_hash(group.tiers)
        assert all(tier == sorted(tier) for tier in group.tiers)
    assert groups[1].list_hash == drawing.sha256_hex(b"[[]]")
    assert groups[0].exclusions == {}  # per-reason counts are the pre-query's


@pytest.mark.django_db
def test_draw_reads_only_drawn_ids_and_records_participation_in_bulk(in_bureau, bureau_admin, bureau_tree, django_assert_max_num_queries):
    from core.models import AuditEvent
    from tenant_apps.experts.models import Expert, Participation
    from tenant_apps.experts.panels.services import draw_execute

    top, mid, leaf, other = bureau_tree
    pool = make_pool(12, domains=[leaf])
    make_pool(4, domains=[other])
    draw = prepare(bureau_admin, make_project(bureau_admin), [GroupConditions(count=3, domain_ids=[top.pk]), GroupConditions(count=3, domain_ids=[]),
                                                            GroupConditions(count=2, domain_ids=[leaf.pk])])
    with django_assert_max_num_queries(16) as captured:  # whatever the panel size (was 3 more per drawn expert)
        draw = draw_execute(actor=bureau_admin, draw=draw, supervisor_values=["7", "8"])
    assert not any('"candidates"' in q["sql"] and q["sql"].lstrip().startswith("SELECT") for q in captured.captured_queries)
    result = documents.verify_draw(draw)
    assert result.ok, result.problems
    drawn = [m.expert_id for m in draw.members.order_by("row")]
    assert len(drawn) == len(set(drawn)) == 8
    assert Participation.objects.filter(expert_id__in=drawn, kind="drawn", project_id=draw.project_id).count() == 8
    assert set(Expert.objects.filter(pk__in=drawn).values_list("times_drawn", flat=True)) == {1}
    assert Expert.objects.filter(pk__in={e.pk for e in pool} - set(drawn), times_drawn__gt=0).count() == 0
    assert AuditEvent.objects.filter(action="experts.participation.drawn", object_type="experts.expert", object_id__in=[str(i) for i in drawn]).count() == 8
