"""The demo seeder: intentions and precomputed recommendations; idempotent."""

import pytest

from tests.tenant_apps.employment_recommend.conftest import live_job, make_approved, make_cohort

pytestmark = pytest.mark.django_db


def test_demo_recommendations(in_alpha):
    from tenant_apps.employment.recommend.demo import seed_demo_recommendations
    from tenant_apps.employment.recommend.models import JobIntention, Recommendation

    records = make_cohort(in_alpha, 5, major="软件工程")
    employer = make_approved(in_alpha, industry="I")
    for i in range(3):
        live_job(employer, title=f"Java 开发工程师{i}", majors="软件工程", place_code="330106")
    seed_demo_recommendations("demo", "university")
    seed_demo_recommendations("demo", "university")
    first = JobIntention.objects.get(student=records[0].user)
    assert first.city_codes == ["330100", "310000"] and first.wants_daily_push
    assert Recommendation.objects.filter(student=records[0].user).count() == 3
