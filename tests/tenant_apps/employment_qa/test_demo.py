"""The demo seeders of videos, assessment and Q&A run (as scripts/run does for the demo
tenant), fill every page, and a second run adds nothing."""

from __future__ import annotations

import time

import pytest

from tests.tenant_apps.employment_assessment.conftest import student
from tests.tenant_apps.employment_qa.conftest import make_approved

pytestmark = pytest.mark.django_db


def test_seeders_fill_the_pages_quickly_and_only_once(in_alpha, monkeypatch):
    from tenant_apps.employment.assessment import demo as assessment_demo
    from tenant_apps.employment.assessment.models import AssessmentResult
    from tenant_apps.employment.qa import demo as qa_demo
    from tenant_apps.employment.qa.models import AdvisingBooking, AdvisingSlot, FaqEntry, Question
    from tenant_apps.employment.videos import demo as videos_demo
    from tenant_apps.employment.videos.models import Video

    for module in (videos_demo, assessment_demo, qa_demo):
        monkeypatch.setattr(module, "DEMO_SCHEMA", "alpha")
    for _ in range(12):
        student()
    make_approved(in_alpha)
    started = time.monotonic()
    for seed in (videos_demo.seed_demo_videos, assessment_demo.seed_demo_assessment, qa_demo.seed_demo_qa):
        seed("alpha", "university")
    assert time.monotonic() - started < 5
    counts = (Video.objects.count(), AssessmentResult.objects.count(), Question.objects.count(), FaqEntry.objects.count(), AdvisingSlot.objects.count(),
              AdvisingBooking.objects.count())
    assert Video.objects.filter(status="ready", is_published=True).count() == 3 and Video.objects.exclude(poster="").count() == 3
    assert AssessmentResult.objects.filter(instrument="riasec").count() >= 12 and Question.objects.filter(status="open").exists()
    assert FaqEntry.objects.filter(source_message__isnull=False).exists() and AdvisingBooking.objects.filter(status="no_show").exists()
    assert all(slot.booked_count <= slot.capacity for slot in AdvisingSlot.objects.all())
    for seed in (videos_demo.seed_demo_videos, assessment_demo.seed_demo_assessment, qa_demo.seed_demo_qa):
        seed("alpha", "university")
    assert counts == (Video.objects.count(), AssessmentResult.objects.count(), Question.objects.count(), FaqEntry.objects.count(), AdvisingSlot.objects.count(),
                      AdvisingBooking.objects.count())
