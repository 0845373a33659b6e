"""双向评价 (issue 31, item 5; DESIGN Turn-3 `host-ratings/`): each cadre rates the host once
at the end of the term, anonymously; the department sees a host unit's figures only once three
cadres answered, never per person; a returnee's named note reaches the next cadre at the post."""
import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import Role
from evaluations.models import HostRating, HostRatingReceipt

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def ending(world, make):
    """Three cadres ending their terms at one host (the clock: 18 Nov 2026)."""
    w = world
    w.people = []
    for i in range(3):
        cadre = w.cadre if i == 0 else make.cadre(w.sender)
        if i:
            cadre.user = make.user(Role.CADRE, w.sender, f"cadre{i}")
            cadre.save()
        placement = make.placement(cadre, w.batch, w.host, status="on_post",
                                   start=D(2025, 1, 1), end=D(2026, 12, 10))
        w.people.append((cadre.user, placement))
    return w


def rate(user, placement, **extra):
    return api(user).post("/api/v1/host-ratings/", {
        "placement": placement.pk, "work_arranged": 5, "conditions": 4, "help": 3,
        **extra}, format="json")


def test_the_hosts_figures_show_from_the_third_answer_and_never_per_person(ending):
    w = ending
    (first, p1), (second, p2), (third, p3) = w.people
    assert rate(first, p1, comment="分工明确").status_code == 201
    again = rate(first, p1)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    assert rate(second, p1).status_code == 400  # another cadre's placement: not in scope
    rate(second, p2, work_arranged=3)
    shown = api(w.staff).get("/api/v1/host-ratings/").json()
    assert shown == [{"host_unit": w.host.pk, "name": w.host.name, "answers": 2,
                      "shown": False, "work_arranged": None, "conditions": None,
                      "help": None, "comments": []}]
    rate(third, p3, work_arranged=4, comment="住房条件好")
    row = api(w.staff).get("/api/v1/host-ratings/").json()[0]
    assert (row["answers"], row["work_arranged"], row["shown"]) == (3, 4.0, True)
    assert sorted(row["comments"]) == ["住房条件好", "分工明确"]
    # Nothing ties an answer to its cadre; the host and the cadres do not read the figures.
    assert {f.name for f in HostRating._meta.get_fields()} == {
        "id", "program", "host_unit", "work_arranged", "conditions", "help", "comment"}
    assert HostRatingReceipt.objects.count() == 3
    assert api(w.receiving).get("/api/v1/host-ratings/").status_code == 403
    assert api(first).get("/api/v1/host-ratings/").status_code == 403
    assert api(w.other_staff).get("/api/v1/host-ratings/").json() == []


def test_out_of_range_scores_and_an_early_answer_are_refused(world, make):
    w = world
    placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                               start=D(2026, 1, 1), end=D(2027, 12, 31))
    early = rate(w.cadre_user, placement)
    assert early.status_code == 409 and early.json()["error"]["code"] == "too_early"
    assert rate(w.cadre_user, placement, help=6).status_code == 400
    assert HostRating.objects.count() == HostRatingReceipt.objects.count() == 0


def test_a_returnees_note_reaches_the_next_cadre_at_the_post(ending, make):
    w = ending
    first, placement = w.people[0]
    client = Client()
    client.force_login(first)
    my = client.get("/my/").content.decode()
    assert f"/placements/{placement.pk}/host-rating/" in my
    client.post(f"/placements/{placement.pk}/host-rating/", {
        "work_arranged": "5", "conditions": "4", "help": "5", "comment": "",
        "note_for_successor": "村里的茶园项目请继续跟进，联系人王书记"})
    assert HostRating.objects.count() == 1
    successor = make.cadre(w.sender, "接任者")
    successor.user = make.user(Role.CADRE, w.sender, "successor")
    successor.save()
    make.placement(successor, w.batch, w.host, status="on_post", start=D(2026, 11, 1),
                   end=D(2028, 10, 31), post_title=placement.post_title)
    nxt = Client()
    nxt.force_login(successor.user)
    assert "村里的茶园项目请继续跟进" in nxt.get("/my/").content.decode()


def test_the_department_reads_the_figures_on_a_page(ending):
    w = ending
    for user, placement in w.people:
        rate(user, placement, comment="安排到位")
    page = Client()
    page.force_login(w.staff)
    html = page.get(f"/host-ratings/?program={w.program.pk}").content.decode()
    assert w.host.name in html and "安排到位" in html and ">4.0<" in html
    host = Client()
    host.force_login(w.receiving)
    assert host.get("/host-ratings/").status_code == 403
