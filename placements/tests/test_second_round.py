"""补充匹配 (issue 29, item 4; DESIGN Turn-3 `batches/{id}/second-round/`, `offers/` with
`accept/` and `decline/`): the posts the first round left open are offered to unplaced
nominees through their dispatching unit with a deadline; an acceptance is binding, a refusal
or a lapsed deadline frees the post for the next round, and finishing the matching tells
everyone not chosen. The clock is frozen and moved past the deadline."""
import datetime

import pytest
from rest_framework.test import APIClient

from notices.models import Message
from placements import services
from placements.models import Nomination, Offer, Placement
from programs.models import BatchEvent

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def left_open(world, make):
    """First round done: 张树旗 placed on 乡村振兴; 园区建设 still open; 李青 and 周明 wait."""
    w = world
    first = make.order(w.batch, w.host, title="乡村振兴", headcount=1)
    w.open_order = make.order(w.batch, w.other_host, title="园区建设", headcount=1)
    chosen = Nomination.objects.create(cadre=w.cadre, batch=w.batch, dispatching_unit=w.sender)
    # 李青's title makes her the better fit for the open post.
    w.li = Nomination.objects.create(cadre=make.cadre(w.sender, "李青",
                                                      professional_title="senior"),
                                     batch=w.batch, dispatching_unit=w.sender)
    w.zhou = Nomination.objects.create(cadre=make.cadre(w.other_sender, "周明"), batch=w.batch,
                                       dispatching_unit=w.other_sender)
    make.placement(w.cadre, w.batch, w.host, order=first, nomination=chosen)
    Nomination.objects.filter(pk=chosen.pk).update(status="selected")
    first.filled_count = 1
    first.save()
    w.batch.status = "matching"
    w.batch.save()
    return w


def open_round(w, days=3):
    return api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/second-round/", {"days": days},
                             format="json")


def test_a_round_offers_the_open_post_and_an_acceptance_places_the_cadre(left_open):
    w = left_open
    response = open_round(w)
    assert response.status_code == 201
    [offer] = response.json()
    assert (offer["order"], offer["nomination"], offer["status"]) == (
        w.open_order.pk, w.li.pk, "open")
    assert offer["expires_at"].startswith("2026-11-21T10:00")  # the clock: 18 Nov, 10:00
    offer = Offer.objects.get(pk=offer["id"])
    assert BatchEvent.objects.filter(batch=w.batch, note__startswith="补充匹配第1轮").exists()
    told = set(Message.objects.filter(kind="offer_made").values_list("recipient", flat=True))
    assert told == {w.dispatching.pk}
    # Only 李青's dispatching unit answers; an answer given twice is refused.
    outsider = make_operator(w, w.other_sender)
    assert api(outsider).post(f"/api/v1/offers/{offer.pk}/accept/").status_code == 404
    accepted = api(w.dispatching).post(f"/api/v1/offers/{offer.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    placement = Placement.objects.get(order=w.open_order)
    assert placement.nomination_id == w.li.pk
    assert Nomination.objects.get(pk=w.li.pk).status == "selected"
    again = api(w.dispatching).post(f"/api/v1/offers/{offer.pk}/decline/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "offer_decided"
    assert Offer.objects.get(pk=offer.pk).status == "accepted"


def make_operator(w, unit):
    from accounts.choices import Role
    from accounts.models import User

    user = User.objects.filter(unit=unit, role=Role.DISPATCHING).first()
    if user is None:
        user = User.objects.create(username=f"op{unit.pk}", role=Role.DISPATCHING, unit=unit)
    return user


def test_a_lapsed_deadline_frees_the_post_for_the_next_round(left_open, time_machine):
    w = left_open
    [first] = open_round(w, days=2).json()
    offer = Offer.objects.get(pk=first["id"])
    answerer = make_operator(w, offer.nomination.dispatching_unit)
    # A second round while this one waits is refused.
    busy = open_round(w)
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "offers_open"
    time_machine.move_to(datetime.datetime(2026, 11, 21, 10, 1,
                                           tzinfo=datetime.timezone(datetime.timedelta(hours=8))))
    late = api(answerer).post(f"/api/v1/offers/{offer.pk}/accept/")
    assert late.status_code == 409 and late.json()["error"]["code"] == "offer_expired"
    assert Offer.objects.get(pk=offer.pk).status == "expired"
    assert not Placement.objects.filter(order=w.open_order).exists()
    # The next round offers the post to the other nominee, not again to the one who let it go.
    [second] = open_round(w).json()
    assert second["order"] == w.open_order.pk and second["round"] == 2
    assert second["nomination"] != offer.nomination_id


def test_a_declined_offer_goes_to_the_next_round_and_finishing_tells_the_rest(left_open):
    w = left_open
    [first] = open_round(w).json()
    offer = Offer.objects.get(pk=first["id"])
    answerer = make_operator(w, offer.nomination.dispatching_unit)
    declined = api(answerer).post(f"/api/v1/offers/{offer.pk}/decline/")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    [second] = open_round(w).json()
    assert second["nomination"] != offer.nomination_id
    # Finishing ends the rounds: the open offer lapses, the unplaced are told.
    finished = api(w.staff).post(f"/api/v1/batches/{w.batch.pk}/finish-matching/")
    assert finished.status_code == 200
    assert Offer.objects.get(pk=second["id"]).status == "expired"
    assert Message.objects.filter(kind="nomination_declined").exists()


@pytest.mark.parametrize("days", [0, 31, "x"])
def test_bad_deadlines_are_400s(left_open, days):
    w = left_open
    response = open_round(w, days=days)
    assert response.status_code == 400
    assert not Offer.objects.exists()


def test_only_the_department_opens_a_round_and_only_when_posts_are_open(left_open):
    w = left_open
    assert api(w.receiving).post(f"/api/v1/batches/{w.batch.pk}/second-round/",
                                 {"days": 3}, format="json").status_code == 403
    w.open_order.filled_count = 1
    w.open_order.save()
    nothing = open_round(w)
    assert nothing.status_code == 409 and nothing.json()["error"]["code"] == "nothing_to_offer"
    assert not Offer.objects.exists()


def test_the_pages_open_a_round_and_answer_an_offer(left_open):
    from django.test import Client

    w = left_open
    staff = Client()
    staff.force_login(w.staff)
    assert "补充匹配" in staff.get(f"/batches/{w.batch.pk}/").content.decode()
    assert staff.post(f"/batches/{w.batch.pk}/second-round/", {"days": 3}).status_code == 302
    offer = Offer.objects.get()
    unit = Client()
    unit.force_login(make_operator(w, offer.nomination.dispatching_unit))
    listing = unit.get("/offers/?awaiting=true").content.decode()
    assert f"/offers/{offer.pk}/answer/" in listing
    refused = unit.post(f"/offers/{offer.pk}/answer/", {})
    assert refused.status_code == 400 and Offer.objects.get().status == "open"
    assert unit.post(f"/offers/{offer.pk}/answer/", {"answer": "accept"}).status_code == 302
    assert Offer.objects.get().status == "accepted"
    assert services.can_answer_offer(w.staff, Offer.objects.get()) is False
