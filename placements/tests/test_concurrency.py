"""Two staff confirming at once never over-fill an order (row locks, on PostgreSQL)."""
import datetime
import threading

import pytest
from django.db import connection, connections

from core.exceptions import RuleBroken
from placements import services
from placements.models import DemandOrder, MatchProposal, Nomination, Placement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_at_once(*calls):
    """Start the calls together in threads (each with its own connection); collect outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            outcomes[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test inspects
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_confirming_twice_at_once_does_not_overfill_the_order(world, make):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are tested on PostgreSQL")
    w = world
    w.batch.report_by = datetime.date(2026, 3, 1)
    w.batch.status = "matching"
    w.batch.save()
    order = make.order(w.batch, w.host, headcount=1)
    other_cadre = make.cadre(w.other_sender)
    proposals = []
    for cadre in (w.cadre, other_cadre):
        nomination = Nomination.objects.create(cadre=cadre, batch=w.batch,
                                               dispatching_unit=cadre.employer)
        proposals.append(MatchProposal.objects.create(batch=w.batch, nomination=nomination,
                                                      order=order, score=50))
    second_staff = make.user("org_staff", w.department)
    outcomes = run_at_once(
        lambda: services.confirm_matches(w.batch, w.staff, [{"proposal": proposals[0].pk}]),
        lambda: services.confirm_matches(w.batch, second_staff, [{"proposal": proposals[1].pk}]),
    )
    successes = [o for o in outcomes if isinstance(o, list)]
    failures = [o for o in outcomes if isinstance(o, RuleBroken)]
    assert len(successes) == 1 and len(failures) == 1, outcomes
    assert failures[0].code == "order_filled"
    order = DemandOrder.objects.get(pk=order.pk)
    assert (order.filled_count, order.status) == (1, "filled")
    assert Placement.objects.filter(order=order).count() == 1


def test_the_same_proposal_confirmed_twice_at_once_gives_one_placement(world, make):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between connections are tested on PostgreSQL")
    w = world
    w.batch.report_by = datetime.date(2026, 3, 1)
    w.batch.status = "matching"
    w.batch.save()
    order = make.order(w.batch, w.host, headcount=3)
    nomination = Nomination.objects.create(cadre=w.cadre, batch=w.batch,
                                           dispatching_unit=w.sender)
    proposal = MatchProposal.objects.create(batch=w.batch, nomination=nomination, order=order,
                                            score=50)
    outcomes = run_at_once(
        *[lambda: services.confirm_matches(w.batch, w.staff, [{"proposal": proposal.pk}])] * 2)
    assert sum(isinstance(o, list) for o in outcomes) == 1, outcomes
    assert Placement.objects.filter(cadre=w.cadre).count() == 1
    assert DemandOrder.objects.get(pk=order.pk).filled_count == 1
