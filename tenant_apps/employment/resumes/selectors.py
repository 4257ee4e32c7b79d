"""Reads of resumes: the student's own, teachers' lists in their data scope, the personal data
that a resume shows (read from the graduate record, never typed), versions and their diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from core.masking import mask_value
from tenant_apps.accounts.selectors import scoped
from tenant_apps.employment.resumes.enums import Section
from tenant_apps.employment.resumes.models import Resume, ResumeComment, ResumeVersion


def resumes_of(*, student) -> QuerySet[Resume]:
    return Resume.objects.filter(student_id=student.pk).select_related("current_version").annotate(
        version_count=Count("versions", distinct=True),
        open_comments=Count("comments", filter=Q(comments__addressed_in__isnull=True), distinct=True),
    ).order_by("-is_default", "-updated_at", "-id")


def resume_of(*, student, pk: int) -> Resume | None:
    return Resume.objects.select_related("current_version").filter(student_id=student.pk, pk=pk).first()


def default_resume(*, student) -> Resume | None:
    return Resume.objects.select_related("current_version").filter(student_id=student.pk).order_by("-is_default", "-updated_at", "-id").first()


@dataclass
class ResumeSearch:
    q: str = ""
    status: str = ""
    guidance: str = ""  # "", "open" (comments not yet addressed), "none" (never commented)

    @classmethod
    def from_query(cls, params) -> ResumeSearch:
        return cls(q=(params.get("q") or "").strip()[:50], status=params.get("status") or "", guidance=params.get("guidance") or "")


def resume_list(*, actor, search: ResumeSearch | None = None) -> QuerySet[Resume]:
    """Resumes of students in the teacher's data scope (their account's org unit)."""
    search = search or ResumeSearch()
    queryset = scoped(Resume.objects.all(), actor, org_field="student__org_unit").select_related("student", "student__org_unit", "current_version")
    queryset = queryset.annotate(open_comments=Count("comments", filter=Q(comments__addressed_in__isnull=True), distinct=True),
                                 all_comments=Count("comments", distinct=True))
    if search.q:
        queryset = queryset.filter(Q(student__display_name__icontains=search.q) | Q(student__username__icontains=search.q) | Q(title__icontains=search.q))
    if search.status:
        queryset = queryset.filter(status=search.status)
    if search.guidance == "open":
        queryset = queryset.filter(open_comments__gt=0)
    elif search.guidance == "none":
        queryset = queryset.filter(all_comments=0)
    return queryset.order_by("-updated_at", "-id")


def resume_get(*, actor, pk: int) -> Resume | None:
    return resume_list(actor=actor).filter(pk=pk).first()


def versions_of(*, resume: Resume) -> QuerySet[ResumeVersion]:
    return resume.versions.select_related("created_by").annotate(comment_count=Count("comments")).order_by("-number")


def version_get(*, resume: Resume, number: int | None) -> ResumeVersion | None:
    if number is None:
        return resume.current_version
    return resume.versions.filter(number=number).first()


def comments_of(*, resume: Resume, version: ResumeVersion | None = None) -> QuerySet[ResumeComment]:
    queryset = resume.comments.select_related("author", "version", "addressed_in")
    if version is not None:
        queryset = queryset.filter(version=version)
    return queryset.order_by("created_at", "id")


def comments_by_section(comments) -> dict[str, list[ResumeComment]]:
    grouped: dict[str, list[ResumeComment]] = {}
    for comment in comments:
        grouped.setdefault(comment.section, []).append(comment)
    return grouped


def has_guidance(*, student) -> bool:
    return ResumeComment.objects.filter(resume__student_id=student.pk, addressed_in__isnull=True).exists()


# Personal data -------------------------------------------------------------------------

PROFILE_FIELDS = ("name", "gender", "education", "college", "major", "class_name", "graduation_year", "political_status", "phone", "email")


def profile_for(*, student, reveal: bool = True) -> dict[str, str]:
    """What the resume's header shows, from the graduate record (or the account when the
    student has no record yet). `reveal=False` masks phone and e-mail."""
    from tenant_apps.employment.students.enums import EDUCATION_LEVEL, POLITICAL_STATUS
    from tenant_apps.employment.students.selectors import record_of_user, unit_names

    record = record_of_user(student)
    if record is None:
        profile = {"name": student.display_name or student.username, "gender": "", "education": "", "college": "", "major": "",
                   "class_name": "", "graduation_year": "", "political_status": "", "phone": "", "email": student.email or "",
                   "from_record": ""}
    else:
        college, major, class_name = unit_names(record)
        profile = {"name": record.name, "gender": record.get_gender_display(), "education": EDUCATION_LEVEL.get(record.education, ""),
                   "college": college, "major": record.major_name or major, "class_name": class_name,
                   "graduation_year": str(record.graduation_year), "political_status": POLITICAL_STATUS.get(record.political_status, ""),
                   "phone": record.phone or "", "email": record.email or "", "from_record": "1"}
    if not reveal:
        profile["phone"] = mask_value("phone", profile["phone"]) if profile["phone"] else ""
        profile["email"] = mask_value("email", profile["email"]) if profile["email"] else ""
    return profile


def education_prefill(*, student) -> str:
    """A first line for the education section, from the graduate record."""
    profile = profile_for(student=student)
    if not profile["from_record"]:
        return ""
    from django.db import connection

    school = getattr(getattr(connection, "tenant", None), "name", "") or ""
    return f"{school} · {profile['college']} · {profile['major']}（{profile['education']}），{profile['graduation_year']} 年毕业".strip(" ·")


# Versions side by side -------------------------------------------------------------------

@dataclass
class SectionDiff:
    key: str
    label: str
    changed: bool
    rows: list[tuple[str, str, str, str]]  # (left kind, left text, right kind, right text); kind: same|removed|added|changed|empty


def version_diff(*, left: ResumeVersion, right: ResumeVersion) -> list[SectionDiff]:
    """Two versions side by side, section by section, line by line."""
    result = []
    for key, label in Section.choices:
        a, b = left.text(key).splitlines(), right.text(key).splitlines()
        rows: list[tuple[str, str, str, str]] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "equal":
                rows += [("same", a[i], "same", b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
            elif tag == "delete":
                rows += [("removed", a[i], "empty", "") for i in range(i1, i2)]
            elif tag == "insert":
                rows += [("empty", "", "added", b[j]) for j in range(j1, j2)]
            else:
                left_rows, right_rows = a[i1:i2], b[j1:j2]
                for n in range(max(len(left_rows), len(right_rows))):
                    lt = left_rows[n] if n < len(left_rows) else None
                    rt = right_rows[n] if n < len(right_rows) else None
                    rows.append(("changed" if lt is not None else "empty", lt or "", "changed" if rt is not None else "empty", rt or ""))
        result.append(SectionDiff(key=key, label=label, changed=a != b, rows=rows))
    return result


def student_resume_counts(*, user_ids=None) -> dict[int, int]:
    queryset = Resume.objects.all()
    if user_ids is not None:
        queryset = queryset.filter(student_id__in=list(user_ids))
    return dict(queryset.values("student_id").annotate(n=Count("id")).values_list("student_id", "n"))




def attachment_visible_to(user, attachment) -> bool:
    """Download rule of attachments: the student, a teacher who may read the resume, or the HR
    of an employer the attachment was sent to."""
    from django.apps import apps

    if not getattr(user, "is_authenticated", False):
        return False
    if attachment.resume.student_id == user.pk:
        return True
    if user.has_perm("employment_resumes.view_resume") and resume_get(actor=user, pk=attachment.resume_id) is not None:
        return True
    from tenant_apps.employment.employers.selectors import employer_for_user

    employer = employer_for_user(user)
    if employer is None:
        return False
    Application = apps.get_model("employment_applications", "Application")
    return Application.objects.filter(attachment_id=attachment.pk, employer_id=employer.pk).exclude(status="withdrawn").exists()


def compare_context(resume, params) -> dict:
    """The versions of a resume and, for ?a=&b= (default: the last commented version against the
    current one), the two side by side."""
    versions = list(versions_of(resume=resume))
    numbers = [v.number for v in versions]

    def pick(name, default):
        value = str(params.get(name) or "")
        return int(value) if value.isdigit() and int(value) in numbers else default

    current = versions[0].number if versions else None
    commented = next((v.number for v in versions if v.comment_count and v.number != current), None)
    right = pick("b", current)
    left = pick("a", commented or (versions[1].number if len(versions) > 1 else current))
    by_number = {v.number: v for v in versions}
    diff = version_diff(left=by_number[left], right=by_number[right]) if versions else []
    comments = comments_by_section(comments_of(resume=resume, version=by_number[left])) if versions else {}
    for row in diff:
        row.comments = comments.get(row.key, [])
    return {"versions": versions, "left": by_number.get(left), "right": by_number.get(right), "diff": diff}
