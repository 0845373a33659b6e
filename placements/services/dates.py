"""Dates of a batch's term, shared by nominations, matching and placements."""
import datetime

from django.utils import timezone

# A term's last month, when the end-of-term appraisal, the return plan and the three parties'
# review are due (the UK universities' end-of-secondment meeting "a month before the end").
LAST_MONTH_DAYS = 30


def last_month_from(placement) -> datetime.date:
    return placement.planned_end_date - datetime.timedelta(days=LAST_MONTH_DAYS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The last day of a term of `months` starting on `day` (2019-01-11 + 24 → 2021-01-10)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day)) - datetime.timedelta(days=1)


def batch_term(batch, term_months=None) -> tuple[datetime.date, datetime.date]:
    """When a batch's cadres go on post (report-by date, else training, else today) and when
    their term ends."""
    start = batch.report_by or batch.training_start or timezone.localdate()
    return start, add_months(start, term_months or batch.term_months)
