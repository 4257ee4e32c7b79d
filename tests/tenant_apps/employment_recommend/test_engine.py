"""The matching engine on plain facts: tokens, major terms, scores and reasons."""

from __future__ import annotations

from tenant_apps.employment.recommend.engine import (
    JobFacts,
    JobIndex,
    StudentFacts,
    major_terms,
    query_tokens,
)


def job(i, **overrides) -> JobFacts:
    data = {"id": i, "title": "职位", "kind": "full_time", "place_code": "110108", "industry": "C", "salary_min": 5000, "salary_max": 7000,
            "education": "bachelor", "majors": "", "recency": i}
    data.update(overrides)
    return JobFacts(**data)


def test_major_terms_drop_suffixes_and_any():
    assert major_terms("计算机类、软件工程相关专业") == ["计算机", "软件工程"]
    assert major_terms("不限") == [] and major_terms("") == []


def test_query_tokens_keep_the_smallest_words():
    assert query_tokens("数据分析") == {"数据", "分析"}
    assert query_tokens("Java开发") == {"java", "开发"}


def test_each_part_scores_and_explains_itself():
    index = JobIndex([
        job(1, title="Java 开发工程师", majors="软件工程", place_code="330106", industry="I", salary_min=9000, salary_max=12000),
        job(2, title="会计", majors="会计学", place_code="330106", industry="J"),
        job(3, title="数据分析师", place_code="440305", industry="I", salary_min=6000, salary_max=10000),
        job(4, title="Java 开发工程师", majors="软件工程", place_code="330106", salary_max=7000),  # pays below the floor
        job(5, title="Java 开发工程师", majors="软件工程", kind="internship", place_code="330106", salary_min=9000, salary_max=9000),
        job(6, title="Java 开发工程师", majors="软件工程", education="master", salary_min=9000, salary_max=9000),
    ])
    student = StudentFacts(user_id=7, major_name="软件工程", education="31", job_kinds=("full_time",), job_types=("Java 开发", "数据分析"),
                           city_codes=("330100",), industries=("I",), salary_floor=8000)
    matches = {m.job_id: m for m in index.match(student)}
    assert set(matches) == {1, 3}  # 2 pays below the floor, 4 too, 5 is an internship, 6 asks for a master's
    assert matches[1].reasons == ["专业匹配：软件工程", "意向职位：Java 开发", "意向城市：杭州", "意向行业：信息传输、软件和信息技术服务业",
                                  "求职类型：全职", "薪资不低于你的期望"]
    assert matches[3].reasons == ["意向职位：数据分析", "意向行业：信息传输、软件和信息技术服务业", "求职类型：全职", "薪资上限达到你的期望"]
    assert matches[1].score > matches[3].score


def test_nothing_in_common_means_no_recommendation():
    index = JobIndex([job(1, majors="临床医学", place_code="440305")])
    assert index.match(StudentFacts(user_id=1, major_name="英语", city_codes=("110000",))) == []


def test_province_code_matches_every_city_of_it_and_ties_go_to_the_newer():
    index = JobIndex([job(1, place_code="330106"), job(2, place_code="330212"), job(3, place_code="320102")])
    matches = index.match(StudentFacts(user_id=1, city_codes=("330000",)))
    assert [m.job_id for m in matches] == [2, 1] and matches[0].reasons == ["意向城市：浙江"]
