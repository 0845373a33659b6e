"""The rules the database itself enforces, each refused with its own message."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from placements.choices import NominationStatus, PlacementStatus
from placements.models import NO_OVERLAP_CONSTRAINT, Nomination, Placement, WorkLog

D = datetime.date


def refused(fn, constraint_name):
    """Run fn in a savepoint and assert the database refused it (by that constraint, where
    the database names it: SQLite names the columns of a unique index instead)."""
    with pytest.raises(IntegrityError) as err, transaction.atomic():
        fn()
    if connection.vendor == "postgresql" or "UNIQUE" not in str(err.value):
        assert constraint_name in str(err.value)


def test_an_order_needs_at_least_one_person(world, make):
    order = make.order(world.batch, world.host)
    order.headcount = 0
    with pytest.raises(ValidationError) as err:
        order.full_clean()
    assert "需求人数必须大于0" in str(err.value) or "headcount" in err.value.message_dict
    refused(lambda: type(order).objects.filter(pk=order.pk).update(headcount=0),
            "headcount_positive")


def test_an_order_is_never_filled_beyond_its_headcount(world, make):
    order = make.order(world.batch, world.host, headcount=2)
    refused(lambda: type(order).objects.filter(pk=order.pk).update(filled_count=3),
            "not_overfilled")


def test_a_placement_cannot_end_before_it_starts(world, make):
    refused(lambda: make.placement(world.cadre, world.batch, world.host,
                                   start=D(2026, 5, 1), end=D(2026, 4, 30)),
            "planned_end_after_start")


def test_a_finished_placement_has_an_actual_end_date(world, make):
    refused(lambda: make.placement(world.cadre, world.batch, world.host,
                                   status=PlacementStatus.COMPLETED),
            "end_date_iff_finished")


def test_a_cadre_cannot_be_seconded_to_their_own_unit(world, make):
    refused(lambda: make.placement(world.cadre, world.batch, world.sender),
            "host_differs_from_home")


def test_one_work_log_per_placement_and_day(world, make):
    placement = make.placement(world.cadre, world.batch, world.host)
    WorkLog.objects.create(placement=placement, date=D(2026, 3, 2), content="调研")
    twin = WorkLog(placement=placement, date=D(2026, 3, 2), content="再写一条")
    with pytest.raises(ValidationError) as err:
        twin.validate_constraints()
    assert "每天只能填写一条" in str(err.value)
    refused(twin.save, "one_per_day")


def test_a_cadre_is_nominated_once_per_batch_until_withdrawn(world, make):
    first = Nomination.objects.create(cadre=world.cadre, batch=world.batch,
                                      dispatching_unit=world.sender)
    refused(lambda: Nomination.objects.create(cadre=world.cadre, batch=world.batch,
                                              dispatching_unit=world.sender),
            "unique_active_per_batch")
    first.status = NominationStatus.WITHDRAWN
    first.save()
    again = Nomination.objects.create(cadre=world.cadre, batch=world.batch,
                                      dispatching_unit=world.sender)
    assert again.pk != first.pk


def test_a_self_matched_nomination_names_its_order(world):
    refused(lambda: Nomination.objects.create(cadre=world.cadre, batch=world.batch,
                                              dispatching_unit=world.sender, self_matched=True),
            "self_matched_has_order")


def test_overlapping_placements_are_refused_by_validation_on_any_database(world, make):
    make.placement(world.cadre, world.batch, world.host, start=D(2026, 1, 1), end=D(2026, 12, 31))
    clash = Placement(cadre=world.cadre, batch=world.other_batch, home_unit=world.sender,
                      host_unit=world.other_host, post_title="顾问", direction="down",
                      start_date=D(2026, 12, 31), planned_end_date=D(2027, 6, 30))
    with pytest.raises(ValidationError) as err:
        clash.full_clean()
    assert "日期不能重叠" in str(err.value)
    clash.start_date = D(2027, 1, 1)
    clash.full_clean()


@pytest.mark.postgres
def test_postgres_refuses_overlapping_placements_itself(world, make):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    make.placement(world.cadre, world.batch, world.host, start=D(2026, 1, 1), end=D(2026, 12, 31))
    refused(lambda: make.placement(world.cadre, world.other_batch, world.other_host,
                                   start=D(2026, 6, 1), end=D(2027, 5, 31)),
            NO_OVERLAP_CONSTRAINT)
    # An early end frees the dates after it.
    Placement.objects.filter(cadre=world.cadre).update(
        status=PlacementStatus.ENDED_EARLY, actual_end_date=D(2026, 5, 31))
    make.placement(world.cadre, world.other_batch, world.other_host,
                   start=D(2026, 6, 1), end=D(2027, 5, 31))
    assert Placement.objects.filter(cadre=world.cadre).count() == 2
