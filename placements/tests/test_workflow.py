"""Orders, nominations and the placement lifecycle through the services."""
import datetime

import pytest

from core.exceptions import InvalidInput, NotAllowed, RuleBroken
from placements import services
from placements.choices import NominationStatus, OrderStatus, PlacementStatus
from placements.models import DemandOrder, Nomination, OrderEvent, Placement, PlacementEvent

D = datetime.date


def test_an_order_goes_draft_submitted_returned_and_approved(world):
    w = world
    order = services.create_order(w.receiving, w.batch, w.host, title="金融人才",
                                  post_title="挂职副县长", headcount=2)
    assert order.status == OrderStatus.DRAFT
    services.submit_order(order, w.receiving)
    with pytest.raises(InvalidInput):
        services.return_order(order, w.staff, "  ")
    services.return_order(order, w.staff, "请写明专业方向")
    order = services.update_order(order, w.receiving, description="需要资本市场方向")
    services.submit_order(order, w.receiving)
    order = services.approve_order(order, w.staff)
    assert order.status == OrderStatus.APPROVED and order.reviewed_at
    moves = list(OrderEvent.objects.filter(order=order).values_list("to_status", "actor"))
    assert moves[-4:] == [("submitted", w.receiving.pk), ("returned", w.staff.pk),
                          ("submitted", w.receiving.pk), ("approved", w.staff.pk)]


def test_illegal_order_moves_are_refused_and_change_nothing(world):
    w = world
    order = services.create_order(w.receiving, w.batch, w.host, title="x", post_title="y")
    with pytest.raises(RuleBroken) as err:
        services.approve_order(order, w.staff)
    assert "不能变为" in err.value.message
    with pytest.raises(NotAllowed):
        services.submit_order(order, w.dispatching)
    services.submit_order(order, w.receiving)
    with pytest.raises(NotAllowed):
        services.approve_order(order, w.receiving)
    with pytest.raises(NotAllowed):
        services.approve_order(order, w.other_staff)
    order.refresh_from_db()
    assert order.status == OrderStatus.SUBMITTED


def test_only_an_open_batch_takes_orders(world):
    w = world
    w.batch.status = "in_progress"
    w.batch.save()
    with pytest.raises(RuleBroken) as err:
        services.create_order(w.receiving, w.batch, w.host, title="x", post_title="y")
    assert err.value.code == "batch_not_open"
    assert not DemandOrder.objects.exists()


def test_bad_order_input_names_the_field(world):
    with pytest.raises(InvalidInput) as err:
        services.create_order(world.receiving, world.batch, world.host, title="x",
                              post_title="y", headcount=0)
    assert "headcount" in err.value.fields


def test_a_cadre_is_nominated_once_per_batch_and_withdrawal_frees_them(world):
    w = world
    nomination = services.nominate(w.dispatching, w.cadre, w.batch)
    w.cadre.refresh_from_db()
    assert w.cadre.status == "nominated"
    with pytest.raises(RuleBroken) as err:
        services.nominate(w.dispatching, w.cadre, w.batch)
    assert err.value.code == "already_nominated"
    services.withdraw_nomination(nomination, w.dispatching)
    w.cadre.refresh_from_db()
    assert w.cadre.status == "available"
    again = services.nominate(w.dispatching, w.cadre, w.batch)
    assert again.status == NominationStatus.NOMINATED


def test_a_unit_nominates_only_its_own_cadres(world, make):
    stranger = make.cadre(world.other_sender)
    with pytest.raises(NotAllowed):
        services.nominate(world.dispatching, stranger, world.batch)


def test_a_cadre_on_an_overlapping_placement_cannot_be_nominated(world, make):
    w = world
    w.batch.report_by = D(2026, 6, 1)
    w.batch.save()
    make.placement(w.cadre, w.other_batch, w.other_host, start=D(2025, 1, 1), end=D(2026, 12, 31))
    with pytest.raises(RuleBroken) as err:
        services.nominate(w.dispatching, w.cadre, w.batch)
    assert err.value.code == "placement_overlap"
    assert not Nomination.objects.filter(batch=w.batch).exists()


def test_self_matching_needs_a_published_order_of_the_batch(world, make):
    w = world
    draft = make.order(w.batch, w.host, status=OrderStatus.DRAFT)
    with pytest.raises(RuleBroken):
        services.nominate(w.dispatching, w.cadre, w.batch, order=draft)
    approved = make.order(w.batch, w.host)
    n = services.nominate(w.dispatching, w.cadre, w.batch, order=approved)
    assert n.self_matched and n.order == approved


def _matched_placement(w, make, headcount=1):
    w.batch.report_by = D(2026, 3, 1)
    w.batch.save()
    order = make.order(w.batch, w.host, headcount=headcount)
    services.nominate(w.dispatching, w.cadre, w.batch, order=order)
    proposals = services.run_matching(w.batch, w.staff)
    [placement] = services.confirm_matches(w.batch, w.staff,
                                           [{"proposal": proposals[0].pk}])
    return order, placement


def test_confirming_fills_the_order_and_a_second_confirmation_is_refused(world, make):
    w = world
    order, placement = _matched_placement(w, make)
    order.refresh_from_db()
    assert (order.filled_count, order.status) == (1, OrderStatus.FILLED)
    assert placement.direction == "down"  # province → county
    with pytest.raises(RuleBroken):
        services.confirm_matches(w.batch, w.staff, [{"proposal": placement.nomination
                                                     .proposals.get().pk}])


def test_changing_a_proposal_by_hand_needs_a_reason_and_is_recorded(world, make):
    w = world
    w.batch.report_by = D(2026, 3, 1)
    w.batch.save()
    first = make.order(w.batch, w.host, title="甲")
    second = make.order(w.batch, w.other_host, title="乙")
    services.nominate(w.dispatching, w.cadre, w.batch)
    [proposal] = services.run_matching(w.batch, w.staff)
    target = second if proposal.order_id == first.pk else first
    with pytest.raises(InvalidInput):
        services.confirm_matches(w.batch, w.staff, [{"proposal": proposal.pk,
                                                     "decision": "change", "order": target.pk}])
    [placement] = services.confirm_matches(
        w.batch, w.staff, [{"proposal": proposal.pk, "decision": "change", "order": target.pk,
                            "reason": "接收单位当面沟通后调整"}])
    proposal.refresh_from_db()
    assert placement.order == target
    assert proposal.change_reason == "接收单位当面沟通后调整" and proposal.changed_by == w.staff


def test_a_failed_item_rolls_back_the_whole_confirmation(world, make):
    w = world
    w.batch.report_by = D(2026, 3, 1)
    w.batch.save()
    make.order(w.batch, w.host, headcount=2)
    services.nominate(w.dispatching, w.cadre, w.batch)
    [proposal] = services.run_matching(w.batch, w.staff)
    with pytest.raises(InvalidInput):
        services.confirm_matches(w.batch, w.staff, [{"proposal": proposal.pk},
                                                    {"proposal": 999999}])
    assert not Placement.objects.exists()


def test_the_lifecycle_with_joint_confirmation(world, make):
    w = world
    order, placement = _matched_placement(w, make)
    services.begin_training(placement, w.staff)
    for item in placement.readiness_items.all():  # the host has everything ready
        services.tick_readiness(item, w.receiving)
    placement = services.confirm_start(placement, w.receiving)
    assert placement.status == PlacementStatus.TRAINING  # the home unit has not confirmed
    with pytest.raises(NotAllowed):
        services.confirm_start(placement, make.user("receiving", w.other_host))
    placement = services.confirm_start(placement, w.dispatching)
    assert placement.status == PlacementStatus.ON_POST
    w.cadre.refresh_from_db()
    assert w.cadre.status == "on_placement" and w.cadre.employer == w.sender

    new_end = placement.planned_end_date + datetime.timedelta(days=180)
    make.agreed_extension(placement, new_end)
    with pytest.raises(InvalidInput):
        services.extend_placement(placement, w.staff, placement.planned_end_date)
    placement = services.extend_placement(placement, w.staff, new_end, "工作需要")
    assert placement.planned_end_date == new_end

    with pytest.raises(InvalidInput):
        services.confirm_end(placement, w.staff, D(2026, 9, 30))  # early without a reason
    placement = services.confirm_end(placement, w.staff, D(2026, 9, 30), "因病提前结束")
    assert placement.status == PlacementStatus.ENDED_EARLY
    assert placement.actual_end_date == D(2026, 9, 30)
    w.cadre.refresh_from_db()
    assert w.cadre.status == "returned" and w.cadre.employer == w.sender
    kinds = list(PlacementEvent.objects.filter(placement=placement)
                 .values_list("kind", flat=True))
    assert kinds == ["created", "training", "start_confirmed", "start_confirmed", "started",
                     "extended", "end_confirmed", "ended_early"]


def test_a_replacement_ends_one_placement_and_starts_another_on_the_same_order(world, make):
    w = world
    order, placement = _matched_placement(w, make)
    substitute = make.cadre(w.sender)
    new = services.replace_cadre(placement, w.staff, substitute, D(2026, 7, 1), "轮换")
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.ENDED_EARLY
    assert placement.actual_end_date == D(2026, 6, 30)
    assert new.order == order and new.replaces == placement and new.cadre == substitute
    order.refresh_from_db()
    assert order.filled_count == 1


def test_a_mutual_pair_is_extended_and_ended_together(world, make):
    w = world
    up_cadre = make.cadre(w.host)
    down = make.placement(w.cadre, w.batch, w.host, start=D(2025, 1, 1), end=D(2025, 12, 31),
                          status="on_post")
    up = make.placement(up_cadre, w.batch, w.sender, start=D(2025, 1, 1), end=D(2025, 12, 31),
                        direction="up", status="on_post")
    services.link_mutual_pair(down, up, w.staff)
    for placement in (down, up):
        services.record_appraisal(w.staff, placement, "end_of_term", "competent", side="host")
    make.agreed_extension(down, D(2026, 6, 30))
    make.agreed_extension(up, D(2026, 6, 30))
    services.extend_placement(down, w.staff, D(2026, 6, 30), "双方同意延期")
    up.refresh_from_db()
    assert up.planned_end_date == D(2026, 6, 30) and up.direction == "mutual"
    services.confirm_end(down, w.staff, D(2026, 6, 30))
    up.refresh_from_db()
    assert up.status == PlacementStatus.COMPLETED


def test_direction_follows_unit_levels(world, make):
    from placements.services import derive_direction

    assert derive_direction(world.sender, world.host) == "down"
    assert derive_direction(world.host, world.sender) == "up"
    assert derive_direction(world.host, world.other_host) == "mutual"
    far = make.unit(make.region("成华区", "county", world.other_province), kind="local_government")
    assert derive_direction(world.host, far) == "out"
