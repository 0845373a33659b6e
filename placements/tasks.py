"""Periodic jobs of life on post."""
from celery import shared_task
from django.utils import timezone

from programs.calendar import previous_month
from programs.models import Program

from . import services


@shared_task(name="placements.generate_monthly_allowance_statements")
def generate_monthly_allowance_statements(month=None):
    """On the 1st, settle last month for every program with an allowance policy. Safe to run
    again: a month's statement is never made twice.

    Resumable: each statement commits on its own, and a rerun makes only those still missing.
    A worker killed mid-run leaves the message unacknowledged (acks late), and the broker
    hands it to another worker once the visibility timeout (12 minutes, longer than the task's
    time limit) has passed; that delivery finishes the month."""
    month = month or previous_month(timezone.localdate())
    summary = {}
    for program in Program.objects.filter(allowance_policies__isnull=False).distinct():
        outcome = services.generate_month(program, month)
        summary[program.pk] = {"created": len(outcome.created), "existing": outcome.existing,
                               "without_policy": outcome.without_policy}
    return {"month": month, "programs": summary}


@shared_task(name="placements.expire_offers")
def expire_offers():
    """A second round's offers past their deadline lapse, freeing their posts for the next
    round (an answer after the deadline is refused whether or not this ran)."""
    from .services.second_round import expire_due

    return {"expired": expire_due()}


@shared_task(name="placements.remind_overdue_reviews")
def remind_overdue_reviews():
    """Each working morning: reviews a unit left 5 working days go to it again (and to the
    stand-ins of its operators away)."""
    from .reminders import remind_overdue_reviews as remind

    return {"units": remind()}
