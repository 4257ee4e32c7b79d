"""Vendor staff enter a year's arrangement on the console; tenants' deadlines follow it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core.models import AuditEvent
from shared_apps.workdays.models import CalendarDay, CalendarYear
from tests.shared_apps.console.conftest import console, staff, staff_console, staff_secret  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

D = datetime.date
ARRANGEMENT_2031 = {
    "year": "2031", "source": "国务院办公厅关于2031年部分节假日安排的通知",
    "holidays": "元旦 2031-01-01\n春节 2031-01-22 至 2031-01-28\n国庆节 2031年10月1日 2031年10月7日",
    "swapped": "2031-01-19 春节调休\n2031-10-11",
}


def test_console_pages_need_vendor_staff(console, admin_client_a):  # noqa: F811
    for url in ("/workdays/", "/workdays/new/", "/workdays/2026/"):
        response = console.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    console.cookies = admin_client_a.cookies  # a tenant admin's session opens nothing here
    assert console.get("/workdays/").status_code == 302


def test_list_shows_the_loaded_years_and_warns_of_a_missing_one(staff_console):  # noqa: F811
    html = staff_console.get("/workdays/").content.decode()
    assert 'data-year="2026"' in html and 'data-year="2025"' in html and "国务院办公厅关于2026年部分节假日安排的通知" in html
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        entered = CalendarYear.objects.filter(year=year).exists()
        assert (f'data-missing-year="{year}"' in html) is not entered, year
    detail = staff_console.get("/workdays/2026/").content.decode()
    assert 'data-date="2026-02-14" data-kind="workday"' in detail and 'data-date="2026-10-07" data-kind="holiday"' in detail
    assert "春节 2026-02-15 2026-02-23" in detail  # the stored days back in the entry format


def test_staff_enter_a_year(staff_console):  # noqa: F811
    response = staff_console.post("/workdays/new/", ARRANGEMENT_2031)
    assert response.status_code == 302 and response["Location"] == "/workdays/2031/"
    days = dict(CalendarDay.objects.filter(calendar_id=2031).values_list("date", "kind"))
    assert len([d for d, kind in days.items() if kind == "holiday"]) == 1 + 7 + 7
    assert days[D(2031, 1, 19)] == "workday" and days[D(2031, 10, 11)] == "workday"
    event = AuditEvent.objects.get(action="workdays.year.save", object_id="2031")
    assert event.actor_label == "客服小王" and "2031-10-07" in event.after["holidays"]

    # Editing replaces the year's days: National Day moved, the swapped Saturday dropped.
    edited = {**ARRANGEMENT_2031, "holidays": "元旦 2031-01-01\n春节 2031-01-22 2031-01-28\n国庆节 2031-10-02 2031-10-08", "swapped": "2031-01-19"}
    assert staff_console.post("/workdays/2031/", edited).status_code == 302
    days = dict(CalendarDay.objects.filter(calendar_id=2031).values_list("date", "kind"))
    assert D(2031, 10, 1) not in days and days[D(2031, 10, 8)] == "holiday" and D(2031, 10, 11) not in days


def test_bad_lines_are_named_and_nothing_is_saved(staff_console):  # noqa: F811
    bad = {**ARRANGEMENT_2031, "holidays": "春节 2031-01-28 2031-01-22\n国庆节\n清明节 2030-04-04", "swapped": "2031-01-20\n2031-02-30"}
    response = staff_console.post("/workdays/new/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "放假第1行：结束日期早于开始日期" in html
    assert "放假第2行" in html and "放假第3行：日期不在 2031 年内" in html
    assert "调休上班第1行：2031-01-20 本来就是工作日" in html and "调休上班第2行" in html
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_a_date_of_another_year_is_refused(staff_console):  # noqa: F811
    # The New Year holiday of 2031 may start on 31 December 2030 ...
    assert staff_console.post("/workdays/new/", {**ARRANGEMENT_2031, "holidays": "元旦 2030-12-31 2031-01-01", "swapped": ""}).status_code == 302
    # ... and then 2030's arrangement cannot claim that day; dates far outside the year are refused.
    response = staff_console.post("/workdays/new/", {**ARRANGEMENT_2031, "year": "2030", "holidays": "元旦 2030-01-01\n跨年 2030-12-31\n国庆节 2029-10-01", "swapped": ""})
    html = response.content.decode()
    assert response.status_code == 400 and "2030-12-31 已属于 2031 年的安排" in html and "放假第3行：日期不在 2030 年内" in html
    assert not CalendarYear.objects.filter(year=2030).exists()
