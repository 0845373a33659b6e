"""Random sequences of workflow steps (Hypothesis) keep the domain's invariants: an order is
never over-filled, a cadre never holds two overlapping placements, every placement's status
was reached by its steps and every status change left its event."""
import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadres.models import Cadre
from core.exceptions import ServiceError
from placements import services
from placements.models import DemandOrder, Extension, MatchProposal, Nomination, Placement

D = datetime.date
N_CADRES, N_ORDERS = 6, 3


# The event a placement in each status must have (planned needs none).
STATUS_EVENT = {"training": {"training"}, "on_post": {"started"},
                "completed": {"completed"}, "ended_early": {"ended_early", "replaced"}}

index = st.integers(min_value=0, max_value=20)
step = st.one_of(
    st.tuples(st.just("nominate"), index, st.one_of(st.none(), index)),
    st.tuples(st.just("withdraw"), index),
    st.tuples(st.just("match")),
    st.tuples(st.just("confirm"), index, st.sampled_from(["accept", "reject", "change"]),
              index),
    st.tuples(st.just("direct"), index, index),
    st.tuples(st.just("training"), index),
    st.tuples(st.just("start"), index, st.sampled_from(["staff", "receiving", "dispatching"])),
    st.tuples(st.just("extend"), index, st.integers(min_value=1, max_value=400)),
    st.tuples(st.just("appraise"), index),
    st.tuples(st.just("end"), index, st.integers(min_value=0, max_value=500),
              st.sampled_from(["staff", "receiving", "dispatching"])),
    st.tuples(st.just("replace"), index, index),
    st.tuples(st.just("pair"), index, index),
)


def _pick(items, i):
    return items[i % len(items)] if items else None


def _run(w, action):
    kind, *args = action
    # Fresh rows each step: a step reads what the database holds, never a stale copy.
    cadres = list(Cadre.objects.filter(pk__in=w.cadre_ids).select_related("employer")
                  .order_by("pk"))
    orders = list(DemandOrder.objects.filter(batch=w.batch).select_related("receiving_unit")
                  .order_by("pk"))
    placements = list(Placement.objects.order_by("pk"))
    actor = {"staff": w.staff, "receiving": w.receiving, "dispatching": w.dispatching}
    if kind == "nominate":
        order = _pick(orders, args[1]) if args[1] is not None else None
        services.nominate(w.dispatching, _pick(cadres, args[0]), w.batch, order=order)
    elif kind == "withdraw":
        nomination = _pick(list(Nomination.objects.order_by("pk")), args[0])
        if nomination:
            services.withdraw_nomination(nomination, w.dispatching)
    elif kind == "match":
        services.run_matching(w.batch, w.staff)
    elif kind == "confirm":
        proposal = _pick(list(MatchProposal.objects.order_by("pk")), args[0])
        if proposal:
            services.confirm_matches(w.batch, w.staff, [{
                "proposal": proposal.pk, "decision": args[1],
                "order": _pick(orders, args[2]).pk, "reason": "调整"}])
    elif kind == "direct":
        order = _pick(orders, args[1])
        cadre = _pick(cadres, args[0])
        services.create_placement(w.staff, cadre, w.batch, cadre.employer,
                                  order.receiving_unit, "挂职副县长", order=order)
    elif kind == "training" and placements:
        services.begin_training(_pick(placements, args[0]), w.staff)
    elif kind == "start" and placements:
        services.confirm_start(_pick(placements, args[0]), actor[args[1]])
    elif kind == "extend" and placements:
        p = _pick(placements, args[0])
        end = p.planned_end_date + datetime.timedelta(days=args[1])
        if not p.extensions.filter(status__in=Extension.OPEN).exists():
            Extension.objects.create(placement=p, planned_end_date=end, reason="工作需要",
                                     previous_end_date=p.planned_end_date, status="agreed")
        services.extend_placement(p, w.staff, end)
    elif kind == "appraise" and placements:
        services.record_appraisal(w.staff, _pick(placements, args[0]), "end_of_term",
                                  "competent", side="host")
    elif kind == "end" and placements:
        p = _pick(placements, args[0])
        day = min(p.start_date + datetime.timedelta(days=args[1]), datetime.date.today())
        services.confirm_end(p, actor[args[2]], day, "工作需要")
    elif kind == "replace" and placements:
        p = _pick(placements, args[0])
        services.replace_cadre(p, w.staff, _pick(cadres, args[1]),
                               p.start_date + datetime.timedelta(days=30), "轮换")
    elif kind == "pair" and len(placements) > 1:
        services.link_mutual_pair(_pick(placements, args[0]), _pick(placements, args[1]),
                                  w.staff)


def _check_invariants():
    for order in DemandOrder.objects.all():
        active = order.placements.filter(status__in=["planned", "training", "on_post"]).count()
        assert order.filled_count <= order.headcount
        assert active <= order.headcount
    placements = list(Placement.objects.order_by("cadre", "start_date"))
    for a, b in zip(placements, placements[1:], strict=False):
        if a.cadre_id == b.cadre_id:
            assert a.occupied_until < b.start_date, (a, b)
    for p in Placement.objects.prefetch_related("events"):
        kinds = {e.kind for e in p.events.all()}
        assert "created" in kinds or p.replaces_id or p.nomination_id
        if p.status in STATUS_EVENT:
            assert kinds & STATUS_EVENT[p.status], (p.status, kinds)
        if p.partner_id:
            assert Placement.objects.get(pk=p.partner_id).partner_id == p.pk


@pytest.fixture
def steps_world(world, make):
    """Made once for all examples; each example runs in a savepoint rolled back after it."""
    w = world
    w.batch.report_by, w.batch.term_months = D(2025, 3, 1), 12
    w.batch.save()
    hosts = [w.host, w.other_host, make.unit(w.county, "开化县文旅局", "local_government")]
    for i in range(N_ORDERS):
        make.order(w.batch, hosts[i], headcount=1 + i % 2)
    # Some cadres work in the county: avoidance forbids them its units.
    w.cadre_ids = [make.cadre(w.sender if i % 3 else w.other_sender).pk
                   for i in range(N_CADRES)]
    return w


@pytest.mark.postgres
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(actions=st.lists(step, min_size=1, max_size=25))
def test_random_workflow_sequences_keep_the_invariants(steps_world, actions):
    savepoint = transaction.savepoint()
    try:
        for action in actions:
            try:
                with transaction.atomic():
                    _run(steps_world, action)
            except ServiceError:
                pass  # a refused step changes nothing; the invariants say so below
            _check_invariants()
    finally:
        transaction.savepoint_rollback(savepoint)
