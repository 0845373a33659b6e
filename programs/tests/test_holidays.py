"""Public holidays of past years from chinese-calendar (programs.holidays): a 2017 term is
counted on 2017's calendar; years the staff keep are never touched; loading twice changes
nothing; a year the package does not hold is refused in Chinese with nothing written."""
import datetime

import pytest
from django.core.management import CommandError, call_command

from programs import holidays
from programs.calendar import WorkCalendar
from programs.models import Holiday

D = datetime.date


def rows():
    return list(Holiday.objects.order_by("date").values_list("date", "name", "is_workday"))


@pytest.mark.django_db
def test_october_2017_is_counted_on_2017s_calendar():
    october = (D(2017, 10, 1), D(2017, 10, 31))
    assert WorkCalendar(*october).working_days(*october) == 22  # weekdays alone
    outcome = holidays.load([2017])
    assert outcome.loaded[2017] > 20 and outcome.kept == []
    # 国庆节 and 中秋 ran 1–8 October; Saturday 30 September was worked (调休上班).
    assert WorkCalendar(*october).working_days(*october) == 17
    september = WorkCalendar(D(2017, 9, 30), D(2017, 9, 30))
    assert september.is_working_day(D(2017, 9, 30))
    assert Holiday.objects.get(date=D(2017, 10, 4)).name == "中秋"
    assert Holiday.objects.get(date=D(2017, 10, 2)).name == "国庆节"
    assert Holiday.objects.get(date=D(2017, 9, 30)).name == "国庆节调休上班"


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_the_staffs_years_are_kept():
    Holiday.objects.create(date=D(2016, 10, 1), name="国庆节（工作人员录入）")
    first = holidays.load([2016, 2017])
    assert first.kept == [2016] and set(first.loaded) == {2017}
    before = rows()
    again = holidays.load([2016, 2017])
    assert again.loaded == {} and again.kept == [2016, 2017]
    assert rows() == before
    assert Holiday.objects.filter(date__year=2016).count() == 1


@pytest.mark.django_db
def test_by_default_only_past_years_are_loaded():
    """The clock is frozen in November 2026 (conftest): 2026 is the staff's to keep."""
    outcome = holidays.load()
    assert 2004 in outcome.loaded and 2025 in outcome.loaded and 2026 not in outcome.loaded
    assert not Holiday.objects.filter(date__year=2026).exists()


@pytest.mark.django_db
def test_the_command_refuses_a_year_it_has_no_notice_for_and_writes_nothing(capsys):
    with pytest.raises(CommandError, match="没有 1999 年的节假日数据"):
        call_command("load_holidays", "--year", "1999")
    assert not Holiday.objects.exists()
    call_command("load_holidays", "--year", "2017", "--dry-run")
    assert "2017：将写入" in capsys.readouterr().out
    assert not Holiday.objects.exists()
    call_command("load_holidays", "--year", "2017")
    assert Holiday.objects.filter(date__year=2017).exists()
