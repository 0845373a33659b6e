"""Working days under China's public holiday calendar, which staff keep as `Holiday` rows.

A day is a working day when it is Monday–Friday and not a public holiday, or when it is a
weekend day swapped into a working day (调休上班). The calendar loads the holiday rows of a
range once, so counting over many placements costs one query.
"""
import bisect
import calendar as _calendar
import datetime
import re

ONE_DAY = datetime.timedelta(days=1)


# A month as YYYY-MM, in the years the calendar and every date field can hold.
MONTH_RE = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")


def month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    """'2017-10' → (2017-10-01, 2017-10-31)."""
    year, number = (int(part) for part in month.split("-"))
    return (datetime.date(year, number, 1),
            datetime.date(year, number, _calendar.monthrange(year, number)[1]))


def previous_month(day: datetime.date) -> str:
    first = day.replace(day=1) - ONE_DAY
    return f"{first.year:04d}-{first.month:02d}"


def overlap_days(start, end, other_start, other_end) -> int:
    """Calendar days shared by [start, end] and [other_start, other_end]."""
    return max(0, (min(end, other_end) - max(start, other_start)).days + 1)


def _weekdays_between(start: datetime.date, end: datetime.date) -> int:
    """Monday–Friday days in [start, end], by arithmetic."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


class WorkCalendar:
    """The working days between two dates, with the holiday rows of that span loaded once."""

    def __init__(self, start: datetime.date, end: datetime.date):
        from .models import Holiday

        self.start, self.end = start, end
        rows = Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
        # Only rows that change the weekday rule matter: a weekday off or a weekend worked.
        self.days_off = sorted(d for d, workday in rows if not workday and d.weekday() < 5)
        self.extra_workdays = sorted(d for d, workday in rows if workday and d.weekday() >= 5)

    def is_working_day(self, day: datetime.date) -> bool:
        if day.weekday() < 5:
            return not _contains(self.days_off, day)
        return _contains(self.extra_workdays, day)

    def working_days(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days [start, end] holds (0 if empty)."""
        if end < start:
            return 0
        return (_weekdays_between(start, end) - _count_between(self.days_off, start, end)
                + _count_between(self.extra_workdays, start, end))


def _contains(days, day):
    i = bisect.bisect_left(days, day)
    return i < len(days) and days[i] == day


def _count_between(days, start, end):
    return bisect.bisect_right(days, end) - bisect.bisect_left(days, start)
