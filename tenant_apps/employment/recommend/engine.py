"""The matching engine: plain data in, scored matches with their reasons out.

No database here. The recompute service loads live jobs into a `JobIndex` once, then matches
each student against it through inverted indexes (major terms, target units, title tokens,
place prefixes, industries), so a student costs the jobs that share something with them rather
than every open job. The reasons are derived from the same facts as the score, one reason per
scoring part, so an explanation never claims what the data does not say."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.chinese import segmenter
from tenant_apps.employment.employers.enums import Industry
from tenant_apps.employment.jobs.enums import JobKind
from tenant_apps.employment.recommend.enums import MAX_KEYWORDS, TOP_N, WEIGHTS
from tenant_apps.employment.recommend.regions import match_prefix, region_name

JOB_EDUCATION_RANK = {"any": 0, "college": 1, "bachelor": 2, "master": 3, "doctor": 4}
STUDENT_EDUCATION_RANK = {"41": 1, "31": 2, "33": 2, "11": 3, "13": 3, "01": 4, "03": 4}
STOP_TOKENS = {"工程", "工程师", "专员", "助理", "岗位", "职位", "实习", "实习生", "人员", "招聘", "相关", "专业", "方向"}
MAJOR_SPLIT = re.compile(r"[、，,;；/\s]+|及|和|或")
MAJOR_SUFFIXES = ("相关专业", "等专业", "专业", "类", "等")
INDUSTRY_LABELS = dict(Industry.choices)
KIND_LABELS = dict(JobKind.choices)


def title_tokens(text: str) -> frozenset[str]:
    """Search-mode tokens of a job title, lower-cased, without blanks."""
    return frozenset(t.strip().lower() for t in segmenter().lcut_for_search(text or "") if t.strip())


def query_tokens(text: str) -> frozenset[str]:
    """The smallest meaningful tokens of what a student typed ("数据分析" -> 数据, 分析): a job
    matches when its title has all of them."""
    tokens = {t for t in title_tokens(text) if t not in STOP_TOKENS}
    tokens = {t for t in tokens if len(t) > 1 or t.isascii()} or tokens
    return frozenset(t for t in tokens if not any(other != t and other in t for other in tokens))


def major_terms(text: str) -> list[str]:
    """"计算机类、软件工程相关专业" -> ["计算机", "软件工程"]; empty or 不限 -> []."""
    terms = []
    for part in MAJOR_SPLIT.split(text or ""):
        part = part.strip()
        for suffix in MAJOR_SUFFIXES:
            if part.endswith(suffix) and len(part) > len(suffix):
                part = part[: -len(suffix)]
        if len(part) >= 2 and part not in ("不限", "专业不限", "所有"):
            terms.append(part)
    return terms


@dataclass(frozen=True)
class JobFacts:
    id: int
    title: str
    kind: str
    place_code: str
    industry: str
    salary_min: int
    salary_max: int
    education: str
    majors: str
    unit_ids: frozenset[int] = frozenset()
    recency: int = 0  # larger = approved later


@dataclass(frozen=True)
class StudentFacts:
    user_id: int
    major_name: str = ""
    major_unit_id: int | None = None
    college_unit_id: int | None = None
    education: str = ""
    job_kinds: tuple[str, ...] = ()
    job_types: tuple[str, ...] = ()
    city_codes: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    salary_floor: int | None = None


@dataclass
class Match:
    job_id: int
    score: int
    reasons: list[str] = field(default_factory=list)


class JobIndex:
    def __init__(self, jobs: Iterable[JobFacts]):
        self.jobs: list[JobFacts] = list(jobs)
        self.tokens: list[frozenset[str]] = []
        self.by_term: dict[str, list[int]] = {}
        self.by_unit: dict[int, list[int]] = {}
        self.by_token: dict[str, set[int]] = {}
        self.by_prefix: dict[str, list[int]] = {}
        self.by_industry: dict[str, list[int]] = {}
        for i, job in enumerate(self.jobs):
            tokens = title_tokens(job.title)
            self.tokens.append(tokens)
            for token in tokens:
                self.by_token.setdefault(token, set()).add(i)
            for term in set(major_terms(job.majors)):
                self.by_term.setdefault(term, []).append(i)
            for unit_id in job.unit_ids:
                self.by_unit.setdefault(unit_id, []).append(i)
            for length in (2, 4, 6):
                self.by_prefix.setdefault(job.place_code[:length], []).append(i)
            self.by_industry.setdefault(job.industry, []).append(i)
        self._major_cache: dict[str, frozenset[int]] = {}
        self._type_cache: dict[str, frozenset[int]] = {}

    # --- the parts ------------------------------------------------------------------------

    def major_jobs(self, major_name: str) -> frozenset[int]:
        """Jobs whose 专业要求 names the student's major or a field containing it."""
        if not major_name:
            return frozenset()
        cached = self._major_cache.get(major_name)
        if cached is None:
            found: set[int] = set()
            for term, jobs in self.by_term.items():
                if term in major_name or major_name in term:
                    found.update(jobs)
            cached = self._major_cache[major_name] = frozenset(found)
        return cached

    def type_jobs(self, job_type: str) -> frozenset[int]:
        cached = self._type_cache.get(job_type)
        if cached is None:
            tokens = query_tokens(job_type)
            sets = [self.by_token.get(t, set()) for t in tokens]
            cached = frozenset(set.intersection(*sets)) if sets and all(sets) else frozenset()
            self._type_cache[job_type] = cached
        return cached

    # --- one student ----------------------------------------------------------------------

    def match(self, student: StudentFacts, *, top: int = TOP_N) -> list[Match]:
        scores: dict[int, int] = {}

        def add(jobs: Iterable[int], weight: int) -> None:
            for j in jobs:
                scores[j] = scores.get(j, 0) + weight

        add(self.major_jobs(student.major_name), WEIGHTS["major"])
        for unit_id in {student.major_unit_id, student.college_unit_id} - {None}:
            add(self.by_unit.get(unit_id, ()), WEIGHTS["unit"])
        keyword_hits: dict[int, int] = {}
        for job_type in student.job_types:
            for j in self.type_jobs(job_type):
                keyword_hits[j] = keyword_hits.get(j, 0) + 1
        for j, hits in keyword_hits.items():
            scores[j] = scores.get(j, 0) + WEIGHTS["keyword"] * min(hits, MAX_KEYWORDS)
        city_jobs: set[int] = set()
        for code in student.city_codes:
            city_jobs.update(self.by_prefix.get(match_prefix(code), ()))
        add(city_jobs, WEIGHTS["city"])
        for industry in set(student.industries):
            add(self.by_industry.get(industry, ()), WEIGHTS["industry"])
        if not scores:
            return []
        kinds = set(student.job_kinds)
        rank = STUDENT_EDUCATION_RANK.get(student.education)
        floor = student.salary_floor or 0
        jobs = self.jobs
        ranked: list[tuple[int, int]] = []
        for j, score in scores.items():
            job = jobs[j]
            if kinds and job.kind not in kinds:
                continue
            if rank is not None and JOB_EDUCATION_RANK.get(job.education, 0) > rank:
                continue
            if floor:
                if job.salary_max < floor:
                    continue
                score += WEIGHTS["pay"] if job.salary_min >= floor else WEIGHTS["pay_partial"]
            ranked.append((score * 10_000_000 + job.recency, j))
        best = heapq.nlargest(top, ranked)
        return [Match(job_id=jobs[j].id, score=key // 10_000_000, reasons=self.reasons(student, j)) for key, j in best]

    def reasons(self, student: StudentFacts, j: int) -> list[str]:
        """Why job `j` matches, from the same facts that scored it, in REASON_ORDER."""
        job = self.jobs[j]
        reasons = []
        if student.major_name and j in self.major_jobs(student.major_name):
            reasons.append(f"专业匹配：{student.major_name}")
        if student.major_unit_id and student.major_unit_id in job.unit_ids:
            reasons.append("面向你的专业招聘")
        elif student.college_unit_id and student.college_unit_id in job.unit_ids:
            reasons.append("面向你的学院招聘")
        matched_types = [t for t in student.job_types if j in self.type_jobs(t)]
        if matched_types:
            reasons.append(f"意向职位：{'、'.join(matched_types[:MAX_KEYWORDS])}")
        cities = [code for code in student.city_codes if job.place_code.startswith(match_prefix(code))]
        if cities:
            reasons.append(f"意向城市：{region_name(cities[0])}")
        if job.industry in student.industries:
            reasons.append(f"意向行业：{INDUSTRY_LABELS.get(job.industry, job.industry)}")
        if len(set(student.job_kinds)) == 1 and job.kind in student.job_kinds:
            reasons.append(f"求职类型：{KIND_LABELS.get(job.kind, job.kind)}")
        if student.salary_floor:
            reasons.append("薪资不低于你的期望" if job.salary_min >= student.salary_floor else "薪资上限达到你的期望")
        return reasons
