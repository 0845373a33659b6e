"""Receivers that keep the rollups with the writes that change them, each in the writer's
transaction, so a figure read after the commit already counts it:
- the diary months (placements.diary_months): a diary day written, reviewed or deleted; a
  leave decided, shortened or withdrawn; a placement's dates changed; a holiday row written
  or removed;
- the achievement totals (placements.achievement_totals): an achievement recorded,
  corrected or removed."""
from . import achievement_totals, diary_months

# A diary day's fields that change whether and how it counts.
COUNTED_LOG_FIELDS = {"date", "status", "placement"}
PLACEMENT_DATES = ("start_date", "planned_end_date", "actual_end_date")


def _touches(update_fields, fields):
    return update_fields is None or bool(set(fields) & set(update_fields))


def log_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw or not _touches(update_fields, COUNTED_LOG_FIELDS):
        return
    diary_months.refresh([(instance.placement_id, instance.date)])


def _deleted_with_placement(sender, origin):
    # A placement (or its cadre) deleted takes its rows along by cascade: nothing to count.
    return origin is not None and getattr(origin, "model", type(origin)) is not sender


def log_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_placement(sender, origin):
        diary_months.refresh([(instance.placement_id, instance.date)])


def leave_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        diary_months.refresh_placements([instance.placement_id])


def leave_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_placement(sender, origin):
        diary_months.refresh_placements([instance.placement_id])


def achievement_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if not raw and _touches(update_fields, {"amount", "placement"}):
        achievement_totals.refresh([instance.placement_id])


def achievement_deleted(sender, instance, origin=None, **kwargs):
    if not _deleted_with_placement(sender, origin):
        achievement_totals.refresh([instance.placement_id])


def remember_dates(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save: the stored dates of a placement, to refresh only when they changed."""
    instance._dates_before = None
    if instance.pk is not None and not raw and _touches(update_fields, PLACEMENT_DATES):
        instance._dates_before = (sender.objects.filter(pk=instance.pk)
                                  .values_list(*PLACEMENT_DATES).first())


def placement_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    # A new placement has no diary days yet; a saved one only matters if its dates moved.
    if created or raw or not _touches(update_fields, PLACEMENT_DATES):
        return
    now = tuple(getattr(instance, name) for name in PLACEMENT_DATES)
    before = getattr(instance, "_dates_before", None)
    if before is not None and before != now:
        diary_months.refresh_placements([instance.pk])


def remember_holiday(sender, instance, raw=False, **kwargs):
    instance._date_before = None
    if instance.pk is not None and not raw:
        instance._date_before = (sender.objects.filter(pk=instance.pk)
                                 .values_list("date", flat=True).first())


def holiday_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    diary_months.refresh_month(instance.date)
    before = getattr(instance, "_date_before", None)
    if before and diary_months.month_of(before) != diary_months.month_of(instance.date):
        diary_months.refresh_month(before)


def holiday_deleted(sender, instance, **kwargs):
    diary_months.refresh_month(instance.date)


def connect():
    from django.db.models.signals import post_delete, post_save, pre_save

    from programs.models import Holiday

    from .models import Achievement, Leave, Placement, WorkLog

    post_save.connect(log_saved, sender=WorkLog, dispatch_uid="diary-months-log-saved")
    post_delete.connect(log_deleted, sender=WorkLog, dispatch_uid="diary-months-log-deleted")
    post_save.connect(leave_saved, sender=Leave, dispatch_uid="diary-months-leave-saved")
    post_delete.connect(leave_deleted, sender=Leave, dispatch_uid="diary-months-leave-deleted")
    pre_save.connect(remember_dates, sender=Placement, dispatch_uid="diary-months-dates")
    post_save.connect(placement_saved, sender=Placement, dispatch_uid="diary-months-placement")
    pre_save.connect(remember_holiday, sender=Holiday, dispatch_uid="diary-months-holiday-pre")
    post_save.connect(holiday_saved, sender=Holiday, dispatch_uid="diary-months-holiday")
    post_delete.connect(holiday_deleted, sender=Holiday,
                        dispatch_uid="diary-months-holiday-deleted")
    post_save.connect(achievement_saved, sender=Achievement,
                      dispatch_uid="achievement-totals-saved")
    post_delete.connect(achievement_deleted, sender=Achievement,
                        dispatch_uid="achievement-totals-deleted")
