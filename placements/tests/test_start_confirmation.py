"""Start confirmations that say what happens (issue 28, item 6): a later start moves the
planned end by as much, so the order's term is served whole; the page says who has
confirmed and who still must, and the message says whether the placement has begun."""
import datetime

from django.contrib.messages import get_messages
from django.test import Client

from placements.models import Placement

D = datetime.date


def http(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_later_start_keeps_the_term_and_the_page_says_who_must_still_confirm(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, start=D(2026, 9, 1),
                               end=D(2027, 8, 31))
    page = http(w.receiving).get(f"/placements/{placement.pk}/").content.decode()
    assert page.count("待确认") == 2
    host = http(w.receiving)
    response = host.post(f"/placements/{placement.pk}/start/", {"start_date": "2026-10-15"})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "已确认到岗，尚待派出单位确认；双方确认后挂职开始。"
    placement.refresh_from_db()
    assert (placement.start_date, placement.planned_end_date, placement.status) == (
        D(2026, 10, 15), D(2027, 10, 14), "planned")
    page = http(w.dispatching).get(f"/placements/{placement.pk}/").content.decode()
    assert page.count("待确认") == 1
    home = http(w.dispatching)
    response = home.post(f"/placements/{placement.pk}/start/", {"start_date": ""})
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "双方均已确认，挂职自2026-10-15开始，计划至2027-10-14结束。"
    assert Placement.objects.get(pk=placement.pk).status == "on_post"
