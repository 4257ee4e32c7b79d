"""The demo seeder: two published surveys with responses that follow the skip logic; idempotent."""

import pytest

from tests.tenant_apps.employment_surveys.conftest import make_cohort

pytestmark = pytest.mark.django_db


def test_demo_surveys(in_alpha):
    from tenant_apps.employment.surveys import logic, selectors
    from tenant_apps.employment.surveys.demo import seed_demo_surveys
    from tenant_apps.employment.surveys.models import Survey, SurveyResponse

    make_cohort(in_alpha, 12)
    seed_demo_surveys("demo", "university")  # the seeder checks the name; it runs in whatever schema is current
    seed_demo_surveys("demo", "university")
    surveys = list(Survey.objects.filter(status="published"))
    assert len(surveys) == 2
    for survey in surveys:
        questions = selectors.questions_of(survey)
        responses = list(SurveyResponse.objects.filter(survey=survey))
        assert responses and all(logic.clean_answers(questions, r.answers) == r.answers for r in responses)
