"""Every path that once changed state outside its workflow step now refuses, with the
contract's code (400 bad input, 403 role, 409 rule) and nothing changed in the database."""
import datetime

import pytest
from rest_framework.test import APIClient

from cadres.models import Relation
from placements import services
from placements.models import (
    DemandOrder,
    Extension,
    Leave,
    MatchProposal,
    Nomination,
    Placement,
    PlacementEvent,
)
from programs.choices import Level, TrackKind
from programs.models import ProgramTarget, Track

D = datetime.date


def client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def state():
    """What a refused request must leave as it was."""
    return {
        "placements": list(Placement.objects.order_by("pk").values()),
        "events": PlacementEvent.objects.count(),
        "orders": list(DemandOrder.objects.order_by("pk").values()),
        "nominations": list(Nomination.objects.order_by("pk").values()),
        "proposals": list(MatchProposal.objects.order_by("pk").values()),
        "leaves": list(Leave.objects.order_by("pk").values()),
    }


def refused(response, status, code=None):
    assert response.status_code == status, response.content.decode()
    error = response.json()["error"]
    assert error["message"]
    if code:
        assert error["code"] == code, error
    return error


@pytest.fixture
def on_post(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1),
                                 end=D(2027, 12, 31), status="on_post")
    w.staff_api = client(w.staff)
    return w


# --- Status and counts only through the steps --------------------------------------------------

def test_patching_a_placement_to_completed_is_refused(on_post):
    w = on_post
    before = state()
    error = refused(w.staff_api.patch(f"/api/v1/placements/{w.placement.pk}/", {
        "status": "completed", "actual_end_date": "2026-06-30"}, format="json"), 400)
    assert set(error["fields"]) == {"status", "actual_end_date"}
    assert state() == before


def test_a_placement_is_created_only_planned_and_within_the_orders_headcount(on_post, make):
    w = on_post
    order = make.order(w.batch, w.other_host, headcount=1)
    body = {"cadre": make.cadre(w.sender).pk, "batch": w.batch.pk, "home_unit": w.sender.pk,
            "host_unit": w.other_host.pk, "post_title": "挂职副县长", "order": order.pk,
            "start_date": "2026-03-01", "planned_end_date": "2028-02-29"}
    before = state()
    refused(w.staff_api.post("/api/v1/placements/", {**body, "status": "on_post"},
                             format="json"), 400)
    assert state() == before

    created = w.staff_api.post("/api/v1/placements/", body, format="json")
    assert created.status_code == 201, created.content.decode()
    placement = Placement.objects.get(pk=created.json()["id"])
    assert placement.status == "planned" and placement.direction == "down"
    assert list(placement.events.values_list("kind", flat=True)) == ["created"]
    order.refresh_from_db()
    assert (order.filled_count, order.status) == (1, "filled")

    before = state()
    refused(w.staff_api.post("/api/v1/placements/", {**body, "cadre": make.cadre(w.sender).pk},
                             format="json"), 409, "order_filled")
    assert state() == before


def test_units_cannot_create_placements_and_staff_edit_only_the_post(on_post, make):
    w = on_post
    body = {"cadre": w.cadre.pk, "batch": w.batch.pk, "home_unit": w.sender.pk,
            "host_unit": w.other_host.pk, "post_title": "挂职副县长",
            "start_date": "2028-01-01", "planned_end_date": "2028-12-31"}
    before = state()
    refused(client(w.receiving).post("/api/v1/placements/", body, format="json"), 403)
    refused(w.staff_api.patch(f"/api/v1/placements/{w.placement.pk}/",
                              {"start_date": "2026-02-01"}, format="json"), 400, "not_editable")
    refused(w.staff_api.delete(f"/api/v1/placements/{w.placement.pk}/"), 403)
    assert state() == before
    edited = w.staff_api.patch(f"/api/v1/placements/{w.placement.pk}/",
                               {"post_title": "挂职副镇长"}, format="json")
    assert edited.status_code == 200 and edited.json()["post_title"] == "挂职副镇长"
    assert w.placement.events.get().kind == "edited"


def test_order_status_and_filled_count_are_not_writable(world, make):
    w = world
    order = make.order(w.batch, w.host, status="draft")
    before = state()
    refused(client(w.receiving).patch(f"/api/v1/orders/{order.pk}/", {
        "status": "filled", "filled_count": 3}, format="json"), 400)
    assert state() == before


# --- Avoidance on every lane -------------------------------------------------------------------

def _native_township(w, make):
    township = make.region("华埠镇", Level.TOWNSHIP, w.county)
    w.cadre.native_place = township
    w.cadre.save()
    return make.unit(township, "华埠镇人民政府", "township")


def test_a_self_matched_nomination_to_the_native_township_is_refused(world, make):
    w = world
    host = _native_township(w, make)
    order = make.order(w.batch, host)
    before = state()
    error = refused(client(w.dispatching).post("/api/v1/nominations/", {
        "cadre": w.cadre.pk, "batch": w.batch.pk, "order": order.pk}, format="json"),
        409, "avoidance")
    assert "回避" in error["message"] and "籍贯地" in error["message"]
    assert state() == before


def test_matching_never_proposes_a_self_matched_pair_the_rules_forbid(world, make):
    w = world
    order = make.order(w.batch, w.host)
    nomination = services.nominate(w.dispatching, w.cadre, w.batch, order=order)
    # Declared after nominating: the cadre's spouse works at the host unit.
    Relation.objects.create(cadre=w.cadre, name="李梅", relation="配偶", unit=w.host)
    other = make.order(w.batch, w.other_host)
    [proposal] = services.run_matching(w.batch, w.staff)
    assert (proposal.nomination_id, proposal.order_id) == (nomination.pk, other.pk)
    assert not proposal.self_matched


def test_an_override_is_scored_as_the_new_pair_and_kept_in_the_history(world, make):
    w = world
    w.batch.report_by = D(2026, 3, 1)
    w.batch.save()
    make.order(w.batch, w.host)
    services.nominate(w.dispatching, w.cadre, w.batch)
    [proposal] = services.run_matching(w.batch, w.staff)
    third = make.order(w.batch, w.other_host, preferred_unit_kinds=["provincial_organ"])
    changed = client(w.staff).post(f"/api/v1/batches/{w.batch.pk}/confirm-matches/", {
        "proposals": [{"proposal": proposal.pk, "decision": "change", "order": third.pk,
                       "reason": "文旅需求更急"}]}, format="json")
    assert changed.status_code == 200, changed.content.decode()
    proposal.refresh_from_db()
    assert proposal.order_id == third.pk
    assert proposal.reasons == ["人工调整：文旅需求更急", "订单未限定专业",
                                "派出单位类别符合优先要求"]
    assert proposal.score == 10 + 20 + 20  # base, open expertise, preferred kind
    history = client(w.staff).get(
        f"/api/v1/placements/{changed.json()[0]['id']}/history/").json()
    assert {(h["kind"], h["note"]) for h in history} >= {("override", "文旅需求更急")}


def test_an_override_into_the_avoided_unit_is_refused(world, make):
    w = world
    w.batch.report_by = D(2026, 3, 1)
    w.batch.save()
    make.order(w.batch, w.host)
    services.nominate(w.dispatching, w.cadre, w.batch)
    [proposal] = services.run_matching(w.batch, w.staff)
    spouse_unit = make.unit(w.county, "开化县财政局", "local_government")
    spouse_order = make.order(w.batch, spouse_unit)
    Relation.objects.create(cadre=w.cadre, name="李梅", relation="配偶", unit=spouse_unit)
    before = state()
    refused(client(w.staff).post(f"/api/v1/batches/{w.batch.pk}/confirm-matches/", {
        "proposals": [{"proposal": proposal.pk, "decision": "change",
                       "order": spouse_order.pk, "reason": "调整"}]}, format="json"),
        409, "avoidance")
    assert state() == before


def test_a_direct_placement_and_a_replacement_obey_avoidance(on_post, make):
    w = on_post
    host = _native_township(w, make)
    other = make.cadre(w.sender)
    other.native_place = w.cadre.native_place
    other.save()
    before = state()
    refused(w.staff_api.post("/api/v1/placements/", {
        "cadre": other.pk, "batch": w.batch.pk, "home_unit": w.sender.pk, "host_unit": host.pk,
        "post_title": "挂职副镇长"}, format="json"), 409, "avoidance")
    Relation.objects.create(cadre=other, name="王芳", relation="配偶", unit=w.host)
    refused(w.staff_api.post(f"/api/v1/placements/{w.placement.pk}/replace/", {
        "cadre": other.pk, "start_date": "2026-07-01", "reason": "轮换"}, format="json"),
        409, "avoidance")
    assert state() == before


# --- Mutual pairs --------------------------------------------------------------------------------

@pytest.fixture
def pair(world, make):
    w = world
    up_cadre = make.cadre(w.host)
    w.down = make.placement(w.cadre, w.batch, w.host, start=D(2025, 1, 1), end=D(2025, 12, 31),
                            status="on_post")
    w.up = make.placement(up_cadre, w.batch, w.sender, start=D(2025, 3, 1),
                          end=D(2025, 11, 30), direction="up", status="on_post")
    return w


def test_staff_link_a_mutual_pair_through_the_api_and_it_is_symmetric(pair, make):
    w = pair
    linked = client(w.staff).post(f"/api/v1/placements/{w.up.pk}/pair/",
                                  {"partner": w.down.pk}, format="json")
    assert linked.status_code == 200, linked.content.decode()
    w.up.refresh_from_db()
    w.down.refresh_from_db()
    assert (w.up.partner_id, w.down.partner_id) == (w.down.pk, w.up.pk)
    assert {w.up.direction, w.down.direction} == {"mutual"}
    assert [e.kind for e in w.up.events.all()] == ["paired"]
    before = state()
    refused(client(w.staff).post(f"/api/v1/placements/{w.up.pk}/pair/",
                                 {"partner": w.down.pk}, format="json"), 409, "pair_invalid")
    refused(client(w.receiving).post(f"/api/v1/placements/{w.down.pk}/pair/",
                                     {"partner": w.up.pk}, format="json"), 403)
    assert state() == before


def test_extending_from_either_side_moves_both_by_the_same_days(pair, make):
    w = pair
    services.link_mutual_pair(w.down, w.up, w.staff)
    make.agreed_extension(w.up, D(2026, 2, 28))
    make.agreed_extension(w.down, D(2026, 3, 31))
    response = client(w.staff).post(f"/api/v1/placements/{w.up.pk}/extend/", {
        "planned_end_date": "2026-02-28", "reason": "双方同意"}, format="json")
    assert response.status_code == 200, response.content.decode()
    w.down.refresh_from_db()
    # up: 2025-11-30 → 2026-02-28 (+90 days); down moves as far from its own end.
    assert w.down.planned_end_date == D(2025, 12, 31) + datetime.timedelta(days=90)


def test_each_unit_confirms_the_pairs_end_for_its_side_of_both(pair):
    w = pair
    services.link_mutual_pair(w.down, w.up, w.staff)
    for placement in (w.down, w.up):
        services.record_appraisal(w.staff, placement, "end_of_term", "competent", side="host")
    # The sender is the down placement's home unit and the up placement's host unit.
    home = client(w.dispatching).post(f"/api/v1/placements/{w.down.pk}/end/", {
        "actual_end_date": "2025-12-31"}, format="json")
    assert home.status_code == 200, home.content.decode()
    w.up.refresh_from_db()
    assert w.up.host_confirmed_end_at and not w.up.home_confirmed_end_at
    assert w.up.status == "on_post"
    host = client(w.receiving).post(f"/api/v1/placements/{w.down.pk}/end/", {
        "actual_end_date": "2025-12-31"}, format="json")
    assert host.status_code == 200 and host.json()["status"] == "completed"
    w.up.refresh_from_db()
    # The partner ends at its own planned end, which came first, not past it.
    assert (w.up.status, w.up.actual_end_date) == ("completed", D(2025, 11, 30))


# --- Training, replacement, history ------------------------------------------------------------

AUDIT_KINDS = {"created", "changed", "deleted"}

def test_training_and_replacement_through_the_api(world, make):
    w = world
    planned = make.placement(w.cadre, w.batch, w.host, start=D(2026, 1, 1), end=D(2027, 12, 31))
    api = client(w.staff)
    trained = api.post(f"/api/v1/placements/{planned.pk}/training/")
    assert trained.status_code == 200 and trained.json()["status"] == "training"
    refused(api.post(f"/api/v1/placements/{planned.pk}/training/"), 409, "illegal_transition")
    refused(client(w.receiving).post(f"/api/v1/placements/{planned.pk}/training/"), 403)

    substitute = make.cadre(w.sender)
    replaced = api.post(f"/api/v1/placements/{planned.pk}/replace/", {
        "cadre": substitute.pk, "start_date": "2026-07-01", "reason": "原人选因病轮换"},
        format="json")
    assert replaced.status_code == 201, replaced.content.decode()
    new = Placement.objects.get(pk=replaced.json()["id"])
    assert new.replaces_id == planned.pk and new.cadre == substitute
    planned.refresh_from_db()
    assert (planned.status, planned.actual_end_date) == ("ended_early", D(2026, 6, 30))
    history = api.get(f"/api/v1/placements/{planned.pk}/history/").json()
    steps = [h for h in history if h["kind"] not in AUDIT_KINDS]
    assert [h["kind"] for h in steps] == ["training", "replaced"]
    assert steps[-1]["note"] == "原人选因病轮换" and steps[-1]["actor"] == "staff"
    # The audit trail's field changes sit in the same timeline.
    statuses = [(c["before"], c["after"]) for h in history if h["kind"] == "changed"
                for c in h["data"]["changes"] if c["field"] == "status"]
    assert statuses == [("待出发", "岗前培训"), ("岗前培训", "提前结束")]


def test_an_orders_history_lists_its_steps_with_reasons(world, make):
    w = world
    order = services.create_order(w.receiving, w.batch, w.host, title="农业顾问",
                                  post_title="产业顾问")
    services.submit_order(order, w.receiving)
    services.return_order(order, w.staff, "请写明预期目标")
    history = client(w.receiving).get(f"/api/v1/orders/{order.pk}/history/").json()
    steps = [h for h in history if h["kind"] not in AUDIT_KINDS]
    assert [h["kind"] for h in steps] == ["draft", "submitted", "returned"]
    assert steps[-1]["note"] == "请写明预期目标"
    changed = [c for h in history if h["kind"] == "changed" for c in h["data"]["changes"]]
    assert {"field": "return_reason", "label": "退回原因", "before": None,
            "after": "请写明预期目标"} in changed
    refused(client(w.other_staff).get(f"/api/v1/orders/{order.pk}/history/"), 404)


# --- Dates ---------------------------------------------------------------------------------------

def test_no_end_report_back_or_start_in_the_future_and_extensions_within_the_program(on_post):
    w = on_post
    w.program.end_date = D(2030, 12, 31)
    w.program.save()
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    leave = Leave.objects.create(placement=w.placement, start_date=D(2026, 3, 2),
                                 end_date=D(2026, 3, 4), status="approved")
    before = state()
    api = w.staff_api
    refused(api.post(f"/api/v1/placements/{w.placement.pk}/end/", {
        "actual_end_date": tomorrow, "reason": "调动"}, format="json"), 400, "date_in_future")
    refused(api.post(f"/api/v1/leaves/{leave.pk}/report-back/", {"returned_on": "2099-01-01"},
                     format="json"), 400, "date_in_future")
    refused(api.post(f"/api/v1/placements/{w.placement.pk}/extend/", {
        "planned_end_date": "9999-12-31"}, format="json"), 409, "extension_not_agreed")
    Extension.objects.create(placement=w.placement, planned_end_date=D(2030, 12, 31),
                             previous_end_date=w.placement.planned_end_date, reason="需要",
                             status="agreed")
    refused(api.post(f"/api/v1/placements/{w.placement.pk}/extend/", {
        "planned_end_date": "9999-12-31"}, format="json"), 400, "beyond_limit")
    planned = Placement.objects.create(
        cadre=w.cadre, batch=w.batch, host_unit=w.other_host, home_unit=w.sender,
        post_title="挂职", direction="down", start_date=D(2028, 1, 1),
        planned_end_date=D(2028, 12, 31))
    before = state()
    refused(api.post(f"/api/v1/placements/{planned.pk}/start/", {}, format="json"), 400,
            "date_in_future")
    assert state() == before


def test_an_end_before_the_start_is_bad_input_and_a_second_nomination_a_broken_rule(world,
                                                                                   make):
    w = world
    api = client(w.staff)
    before = state()
    error = refused(api.post("/api/v1/placements/", {
        "cadre": w.cadre.pk, "batch": w.batch.pk, "home_unit": w.sender.pk,
        "host_unit": w.host.pk, "post_title": "挂职", "start_date": "2026-05-01",
        "planned_end_date": "2026-04-01"}, format="json"), 400)
    assert "早于" in error["message"]
    assert state() == before
    services.nominate(w.dispatching, w.cadre, w.batch)
    before = state()
    refused(client(w.dispatching).post("/api/v1/nominations/", {
        "cadre": w.cadre.pk, "batch": w.batch.pk}, format="json"), 409, "already_nominated")
    assert state() == before


# --- Targets and tracks --------------------------------------------------------------------------

def test_yearly_targets_count_their_year_and_matching_sets_the_track(world, make):
    w = world
    track = Track.objects.create(program=w.program, name="下派挂职", kind=TrackKind.SECONDMENT,
                                 target_count=10)
    Track.objects.create(program=w.program, name="院校培训", kind=TrackKind.TRAINING)
    for year in (2025, 2026):
        ProgramTarget.objects.create(program=w.program, name="选派干部", year=year, target=5,
                                     measure="placements")
    w.batch.report_by = D(2026, 3, 1)
    w.batch.save()
    make.order(w.batch, w.host)
    services.nominate(w.dispatching, w.cadre, w.batch)
    [proposal] = services.run_matching(w.batch, w.staff)
    [placement] = services.confirm_matches(w.batch, w.staff, [{"proposal": proposal.pk}])
    assert placement.track == track
    overview = client(w.staff).get("/api/v1/stats/overview/",
                                   {"program": w.program.pk}).json()
    achieved = {t["name"]: t["achieved"] for t in overview["targets"]}
    assert achieved["下派挂职"] == 1
    assert (achieved["2025年选派干部"], achieved["2026年选派干部"]) == (0, 1)
    # Program-wide progress is the department's figure: the host unit taking part reads its
    # own placement in the totals, but no program-wide achieved counts.
    host_view = client(w.receiving).get("/api/v1/stats/overview/",
                                        {"program": w.program.pk}).json()
    assert host_view["targets"] == [] and host_view["batches"] == []
    assert host_view["placements"]["total"] == 1
    outsider = client(w.other_staff).get("/api/v1/stats/overview/",
                                         {"program": w.program.pk}).json()
    assert outsider["targets"] == [] and outsider["placements"]["total"] == 0


# --- No 500s -------------------------------------------------------------------------------------

@pytest.mark.parametrize("month", ["0000-01", "9999-12"])
def test_months_out_of_range_are_bad_input(on_post, month):
    w = on_post
    refused(w.staff_api.get(f"/api/v1/placements/{w.placement.pk}/month/", {"month": month}),
            400)
    refused(w.staff_api.post("/api/v1/allowance-statements/generate/", {
        "month": month, "program": w.program.pk}, format="json"), 400)


@pytest.mark.parametrize("reason", [["太长"], "退回\x00原因", {"a": 1}])
def test_a_return_reason_of_the_wrong_shape_is_bad_input(world, make, reason):
    w = world
    order = make.order(w.batch, w.host, status="submitted")
    before = state()
    refused(client(w.staff).post(f"/api/v1/orders/{order.pk}/return/", {"reason": reason},
                                 format="json"), 400)
    assert state() == before


def test_a_deeply_nested_body_is_bad_input(world):
    body = "[" * 100_000 + "]" * 100_000
    response = client(world.staff).post("/api/v1/orders/", body, content_type="application/json")
    refused(response, 400)
    nested = '{"a": ' * 40 + "1" + "}" * 40
    refused(client(world.staff).post("/api/v1/orders/", nested,
                                     content_type="application/json"), 400)


def test_an_id_filter_too_large_for_the_database_is_bad_input(on_post):
    refused(on_post.staff_api.get("/api/v1/work-logs/", {"program": "9" * 30}), 400)
    refused(on_post.staff_api.get("/api/v1/placements/", {"region": "9" * 30}), 400)
