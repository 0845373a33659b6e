"""Public holidays of past years as reference data: the State Council's notices as published
by chinese-calendar (PyPI, MIT, 2004 on), loaded into `Holiday` rows so that the statements
and diary compliance of a past term (Kaijiang 2017) count that year's working days.

The staff keep the current and future years by hand, as the notices come out each winter: a
year that already holds rows is theirs and is never touched; only years with no row at all
are loaded, and only past ones unless asked for by name."""
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from .models import Holiday


@dataclass
class Outcome:
    loaded: dict[int, int] = field(default_factory=dict)   # year → days written
    kept: list[int] = field(default_factory=list)          # years the staff keep already


def published() -> dict[int, list[tuple[datetime.date, str, bool]]]:
    """{year: [(date, name, is_workday)]} of every year the package holds."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday as Festival

    def name(english):
        return Festival(english).chinese

    years = {}
    for days, workday in ((chinese_calendar.holidays, False),
                          (chinese_calendar.workdays, True)):
        for day, english in days.items():
            years.setdefault(day.year, []).append(
                (day, f"{name(english)}调休上班" if workday else name(english), workday))
    return {year: sorted(rows) for year, rows in sorted(years.items())}


def load(years=None, dry_run=False) -> Outcome:
    """Write the published days of `years` (default: every past year the package holds)
    that the staff do not keep yet; with `dry_run`, say what would be written."""
    calendar = published()
    if years is None:
        this_year = timezone.localdate().year
        years = [year for year in calendar if year < this_year]
    outcome = Outcome()
    with transaction.atomic():
        kept = set(Holiday.objects.filter(date__year__in=list(years))
                   .values_list("date__year", flat=True).distinct())
        for year in years:
            if year in kept:
                outcome.kept.append(year)
                continue
            rows = calendar.get(year, [])
            outcome.loaded[year] = len(rows)
            if not dry_run:
                Holiday.objects.bulk_create([Holiday(date=day, name=name, is_workday=workday)
                                             for day, name, workday in rows])
    return outcome
