import datetime

import pytest

from tenant_apps.alumni.records import matching


def test_surname_readings_include_every_heteronym():
    assert "shanwei" in matching.name_keys("单伟") and "danwei" in matching.name_keys("单伟")
    assert "zengli" in matching.name_keys("曾丽")
    assert "qiugang" in matching.name_keys("仇刚")
    assert "xiening" in matching.name_keys("解宁")


def test_traditional_and_simplified_names_are_the_same_name():
    assert matching.simplify("張偉") == "张伟"
    a, b = matching.Person(name="張偉", class_year=2001), matching.Person(name="张伟", class_year=2001)
    result = matching.score(a, b)
    assert result.total == matching.WEIGHTS["name_exact"] + matching.WEIGHTS["class_year"]
    assert any("繁简" in r for r in result.reasons)


def test_homophone_scores_lower_than_exact_and_conflicts_subtract():
    exact = matching.score(matching.Person(name="张伟", birth_date=datetime.date(1980, 1, 1)), matching.Person(name="张伟", birth_date=datetime.date(1980, 1, 1)))
    homophone = matching.score(matching.Person(name="张玮"), matching.Person(name="张伟"))
    conflict = matching.score(matching.Person(name="张伟", birth_date=datetime.date(1980, 1, 1)), matching.Person(name="张伟", birth_date=datetime.date(1990, 1, 1)))
    assert exact.total > homophone.total > 0
    assert conflict.total < matching.WEIGHTS["name_exact"]


def test_alias_book_maps_historical_college_names_by_year():
    book = matching.AliasBook([("college", "机械系", "机械工程学院", 1952, 1998), ("college", "機電學院", "机电工程学院", None, None)])
    assert book.canonical("college", "机械系", 1980) == "机械工程学院"
    assert book.canonical("college", "机电学院") == "机电工程学院"
    assert book.canonical("college", "文学院") == "文学院"


@pytest.mark.django_db
def test_labelled_pairs_precision_and_recall(in_tenant_a):
    """The labelled set of tests/bench/bench_alumni_records.py, small: precision and recall of
    the automatic acceptance rule stay high."""
    from tests.bench.bench_alumni_records import labelled_pairs, precision_recall

    pairs = labelled_pairs(400, seed=7)
    precision, recall = precision_recall(pairs)
    assert precision >= 0.97
    assert recall >= 0.85
