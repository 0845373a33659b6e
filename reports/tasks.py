"""Periodic jobs of the reports app."""
from celery import shared_task

from .alerts import worklog_reminders


@shared_task(name="reports.raise_worklog_reminders")
def raise_worklog_reminders():
    """Nightly: private reminders to cadres whose diary has been silent for a week."""
    return worklog_reminders()
