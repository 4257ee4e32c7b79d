"""Shared employer risk (issue 14 item 8): a school that opted in shares a black-listing with a
category; other schools reviewing the same credit code see "被 N 所学校标记：<类别>", never which
schools; nothing is shared without the opt-in; removing the entry or opting out takes it back."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.urls import reverse
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from tests.tenant_apps.employment_employers.conftest import make_approved, new_credit_code

pytestmark = pytest.mark.django_db


def _opt(actor, on: bool):
    from tenant_apps.employment.employers.services import settings_save

    with TestCase.captureOnCommitCallbacks(execute=True):
        settings_save(actor=actor, auto_approve_natures=[], auto_approve_white_list=True, auto_approve_jobs=False, complaint_threshold=3,
                      share_risk_signals=on)


def _black_list(actor, code: str, share: str = ""):
    from tenant_apps.employment.employers.services import list_entry_add

    with TestCase.captureOnCommitCallbacks(execute=True):
        return list_entry_add(actor=actor, kind="black", credit_code=code, reason="以招聘为名收取培训费", name="某公司", share_category=share)


def test_other_schools_see_a_count_and_category_never_the_school(tenant_a, tenant_b, tenant_bureau, admin_a, admin_b, admin_client_b):
    from core.employer_risk import risk_lookup, risk_share
    from shared_apps.employer_risk.models import SharedRiskSignal

    code = new_credit_code()
    with schema_context("alpha"):
        _opt(admin_a, True)
        _black_list(admin_a, code, share="fraud")
        assert risk_lookup(credit_code=code) == []  # a school does not count itself
    with schema_context("bureau"):  # a third school flags the same code for the same reason
        risk_share(credit_code=code, category="fraud")
    with schema_context("beta"):
        employer = make_approved(admin_b, credit_code=code)
        assert [str(r) for r in risk_lookup(credit_code=code)] == ["被 2 所学校标记：虚假招聘或诈骗"]
    page = admin_client_b.get(reverse("backoffice:employment_employers:detail", args=[employer.pk])).content.decode()
    assert "被 2 所学校标记：虚假招聘或诈骗" in page
    assert tenant_a.name not in page and "alpha" not in page
    keys = list(SharedRiskSignal.objects.filter(credit_code=code).values_list("school_key", flat=True))
    assert len(keys) == 2 and not any("alpha" in k or "bureau" in k for k in keys)


def test_nothing_is_shared_without_the_opt_in(tenant_a, tenant_b, admin_a):
    from core.employer_risk import risk_lookup
    from tenant_apps.employment.employers.models import EmployerListEntry

    code = new_credit_code()
    with schema_context("alpha"):
        with pytest.raises(ApplicationError):
            _black_list(admin_a, code, share="fraud")
        assert not EmployerListEntry.objects.filter(credit_code=code).exists()  # the whole add was refused
        _black_list(admin_a, code)
        _opt(admin_a, True)
        with pytest.raises(ApplicationError):  # sharing is for the black list only
            from tenant_apps.employment.employers.services import list_entry_add

            list_entry_add(actor=admin_a, kind="risk", credit_code=new_credit_code(), reason="x", share_category="fraud")
    with schema_context("beta"):
        assert risk_lookup(credit_code=code) == []


def test_removing_the_entry_or_opting_out_takes_the_flag_back(tenant_a, tenant_b, admin_a):
    from core.employer_risk import risk_lookup
    from tenant_apps.employment.employers.services import list_entry_remove

    first, second = new_credit_code(), new_credit_code()
    with schema_context("alpha"):
        _opt(admin_a, True)
        entry = _black_list(admin_a, first, share="fees")
        _black_list(admin_a, second, share="wages")
    with schema_context("beta"):
        assert [r.schools for r in risk_lookup(credit_code=first)] == [1]
    with schema_context("alpha"), TestCase.captureOnCommitCallbacks(execute=True):
        list_entry_remove(actor=admin_a, entry=entry)
    with schema_context("beta"):
        assert risk_lookup(credit_code=first) == [] and [r.label for r in risk_lookup(credit_code=second)] == ["拖欠工资"]
    with schema_context("alpha"):
        _opt(admin_a, False)
    with schema_context("beta"):
        assert risk_lookup(credit_code=second) == []


def test_settings_page_and_list_form_carry_the_opt_in(tenant_a, admin_a, client_a):
    from shared_apps.employer_risk.models import SharedRiskSignal

    client_a.login_as(admin_a)
    assert 'id="share_risk_signals"' in client_a.get(reverse("backoffice:employment_employers:settings")).content.decode()
    assert "黑名单匿名共享" not in client_a.get(reverse("backoffice:employment_employers:lists")).content.decode()
    client_a.post(reverse("backoffice:employment_employers:settings"), {"complaint_threshold": "3", "share_risk_signals": "1"})
    assert "黑名单匿名共享" in client_a.get(reverse("backoffice:employment_employers:lists")).content.decode()
    code = new_credit_code()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_a.post(reverse("backoffice:employment_employers:lists"), {"kind": "black", "credit_code": code, "reason": "虚假招聘", "name": "某公司",
                                                                         "share_category": "fraud"})
    assert SharedRiskSignal.objects.filter(credit_code=code, category="fraud").count() == 1
