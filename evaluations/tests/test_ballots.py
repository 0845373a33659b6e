"""民主测评 (issue 31, item 2; DESIGN Turn-3 `ballots/`, `ballots/{id}/sheets/`, `/vote/<token>/`,
`ballots/{id}/results/`): open, vote by groups on the page without an account, close, weighted
results per cadre, the raw ballots archived; anonymity by construction; one vote per token
even at once; refusals by their exact code, nothing changed."""
import datetime
import logging
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from evaluations.models import Ballot, Sheet, Vote

D = datetime.date


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


GROUPS = [{"name": "班子成员", "weight": 30, "sheets": 2},
          {"name": "干部职工", "weight": 40, "sheets": 3},
          {"name": "服务对象", "weight": 30, "sheets": 2}]


@pytest.fixture
def rated(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2025, 1, 1), end=D(2026, 12, 31))
    return w


def open_ballot(w, **extra):
    now = timezone.now()
    body = {"title": "期满民主测评", "placement": w.placement.pk, "groups": GROUPS,
            "opens_at": (now - datetime.timedelta(hours=1)).isoformat(),
            "closes_at": (now + datetime.timedelta(days=3)).isoformat(), **extra}
    return api(w.staff).post("/api/v1/ballots/", body, format="json")


def tokens(ballot, group):
    return list(Sheet.objects.filter(ballot=ballot, group__name=group).order_by("pk")
                .values_list("token", flat=True))


ALL_EXCELLENT = {key: "excellent" for key in ("de", "neng", "qin", "ji", "lian", "overall")}


def vote(token, answers):
    return Client().post(f"/vote/{token}/", answers)


def test_a_whole_ballot_from_opening_to_weighted_results(rated):
    w = rated
    # Weights that do not add up to 100: refused, nothing made.
    bad = open_ballot(w, groups=[{**GROUPS[0], "weight": 50}, *GROUPS[1:]])
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "weights_not_100"
    assert (Ballot.objects.count(), Sheet.objects.count()) == (0, 0)
    # The host may not open one unless the program lets it.
    now = timezone.now()
    by_host = api(w.receiving).post("/api/v1/ballots/", {
        "title": "x", "placement": w.placement.pk, "groups": GROUPS,
        "opens_at": now.isoformat(), "closes_at": (now + datetime.timedelta(days=1)).isoformat()},
        format="json")
    assert by_host.status_code == 403
    made = open_ballot(w)
    assert made.status_code == 201, made.json()
    ballot = Ballot.objects.get()
    assert made.json()["turnout"] == {"sheets": 7, "cast": 0, "turnout": 0.0}
    sheets = api(w.staff).get(f"/api/v1/ballots/{ballot.pk}/sheets/").json()
    assert len(sheets) == 7 and all(s["qr_svg"].startswith("data:image/svg+xml")
                                    for s in sheets)
    assert sheets[0]["url"].endswith(f"/vote/{sheets[0]['url'].split('/vote/')[1]}")

    # The page asks for the items; a missing required item or a grade not offered is a 400
    # and the sheet stays unused.
    lead = tokens(ballot, "班子成员")
    page = Client().get(f"/vote/{lead[0]}/")
    assert page.status_code == 200 and w.cadre.name in page.content.decode()
    incomplete = vote(lead[0], {**ALL_EXCELLENT, "lian": ""})
    assert incomplete.status_code == 400 and "请选择“廉”的评价" in incomplete.content.decode()
    assert vote(lead[0], {**ALL_EXCELLENT, "de": "superb"}).status_code == 400
    assert (Vote.objects.count(), Sheet.objects.filter(used=True).count()) == (0, 0)

    # Leaders: both excellent; staff: 2 of 3 voting, one competent overall; served: one.
    assert vote(lead[0], ALL_EXCELLENT).status_code == 200
    assert vote(lead[1], ALL_EXCELLENT).status_code == 200
    staff = tokens(ballot, "干部职工")
    vote(staff[0], ALL_EXCELLENT)
    vote(staff[1], {**ALL_EXCELLENT, "overall": "competent"})
    served = tokens(ballot, "服务对象")
    vote(served[0], {**ALL_EXCELLENT, "overall": "competent"})
    # A token votes once.
    again = vote(lead[0], ALL_EXCELLENT)
    assert again.status_code == 409 and "只能投一次" in again.content.decode()
    assert Vote.objects.count() == 5

    path = f"/api/v1/ballots/{ballot.pk}/results/"
    early = api(w.staff).get(path)
    assert early.status_code == 409 and early.json()["error"]["code"] == "ballot_open"
    assert api(w.staff).post(f"/api/v1/ballots/{ballot.pk}/close/").json()["state"] == "closed"
    closed = vote(served[1], ALL_EXCELLENT)
    assert closed.status_code == 409 and "已截止" in closed.content.decode()

    results = api(w.staff).get(path).json()
    assert [g["votes"] for g in results["groups"]] == [2, 2, 1]
    assert [g["turnout"] for g in results["groups"]] == [1.0, 0.6667, 0.5]
    overall = next(i for i in results["items"] if i["key"] == "overall")
    # excellent: 30×1 + 40×½ + 30×0 = 50 of 100; competent: 40×½ + 30×1 = 50.
    assert overall["weighted"] == {"excellent": 0.5, "competent": 0.5,
                                   "basically_competent": 0.0, "incompetent": 0.0}
    # The host and home units read it; the cadre and another department do not.
    assert api(w.receiving).get(path).status_code == 200
    assert api(w.dispatching).get(path).status_code == 200
    assert api(w.cadre_user).get(path).status_code == 404
    assert api(w.other_staff).get(path).status_code == 404
    # The raw ballots, read-only: group and answers only.
    raw = api(w.staff).get(f"/api/v1/ballots/{ballot.pk}/votes/").json()
    assert len(raw) == 5 and set(raw[0]) == {"placement", "group", "answers"}


def test_no_table_links_a_vote_to_a_sheet_a_person_a_time_or_an_address(rated):
    w = rated
    open_ballot(w)
    ballot = Ballot.objects.get()
    token = tokens(ballot, "服务对象")[0]
    vote(token, ALL_EXCELLENT)
    fields = {f.name for f in Vote._meta.get_fields()}
    assert fields == {"id", "ballot", "placement", "group", "answers", "is_test"}
    from accounts.models import SecurityEvent

    # A forged token answers 404 like any unknown page; no security event carries a token,
    # and the log's handler hides the tokens of the lines that name a voting path.
    assert Client().get("/vote/forged-token-of-no-sheet/").status_code == 404
    assert Client().get(f"/vote/{token}/").status_code == 409
    assert not any(token in str(e.path) + str(e.detail) for e in SecurityEvent.objects.all())
    from django.conf import settings

    from core.logging import HideVoteTokens

    assert "vote_tokens" in settings.LOGGING["handlers"]["console"]["filters"]
    record = logging.LogRecord("django.request", logging.WARNING, "", 0,
                               "Not Found: %s", (f"/vote/{token}/",), None)
    HideVoteTokens().filter(record)
    assert token not in record.getMessage() and "/vote/…" in record.getMessage()
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor)
                  if t.startswith("evaluations_vote")]
    for table in tables:
        columns = {c.name for c in connection.introspection.get_table_description(
            connection.cursor(), table)}
        assert not columns & {"sheet_id", "token", "user_id", "created_at", "ip_address"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_token_voted_twice_at_once_counts_once(world, make):
    w = world
    w.placement = make.placement(w.cadre, w.batch, w.host, status="on_post",
                                 start=D(2025, 1, 1), end=D(2026, 12, 31))
    open_ballot(w)
    token = tokens(Ballot.objects.get(), "服务对象")[0]
    answers, barrier = [], threading.Barrier(4)

    def cast():
        from django.db import connection as own

        barrier.wait()
        try:
            answers.append(vote(token, ALL_EXCELLENT).status_code)
        finally:
            own.close()

    threads = [threading.Thread(target=cast) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 409, 409, 409]
    assert Vote.objects.count() == 1


def test_a_batch_ballot_shows_each_cadres_own_results_only(rated, make):
    w = rated
    other = make.placement(make.cadre(w.sender), w.batch, w.other_host, status="on_post",
                           start=D(2025, 1, 1), end=D(2026, 12, 31))
    now = timezone.now()
    made = api(w.staff).post("/api/v1/ballots/", {
        "title": "第一批民主测评", "batch": w.batch.pk, "groups": GROUPS,
        "opens_at": (now - datetime.timedelta(hours=2)).isoformat(),
        "closes_at": (now - datetime.timedelta(hours=1)).isoformat()}, format="json")
    assert made.status_code == 201, made.json()
    ballot = Ballot.objects.get()
    assert Sheet.objects.filter(ballot=ballot).count() == 14  # 2 cadres × 7
    # A batch's sheets are printed cadre by cadre.
    every = api(w.staff).get(f"/api/v1/ballots/{ballot.pk}/sheets/")
    assert every.status_code == 400 and every.json()["error"]["code"] == "placement_required"
    assert len(api(w.staff).get(f"/api/v1/ballots/{ballot.pk}/sheets/",
                                {"placement": other.pk}).json()) == 7
    page = Client()
    page.force_login(w.staff)
    listing = page.get(f"/ballots/{ballot.pk}/sheets/").content.decode()
    assert f"?placement={other.pk}" in listing and 'class="sheet"' not in listing
    path = f"/api/v1/ballots/{ballot.pk}/results/"
    no_one = api(w.staff).get(path)
    assert no_one.status_code == 400 and no_one.json()["error"]["code"] == "placement_required"
    assert api(w.staff).get(path, {"placement": other.pk}).status_code == 200
    # The host of one cadre reads that cadre's results, not the other's.
    assert api(w.receiving).get(path, {"placement": w.placement.pk}).status_code == 200
    assert api(w.receiving).get(path, {"placement": other.pk}).status_code == 404


def test_trial_votes_are_cleared_when_the_ballot_goes_live(rated):
    w = rated
    open_ballot(w, test_mode=True)
    ballot = Ballot.objects.get()
    token = tokens(ballot, "服务对象")[0]
    page = Client().get(f"/vote/{token}/").content.decode()
    assert "试投" in page
    vote(token, ALL_EXCELLENT)
    assert Vote.objects.get().is_test is True
    live = api(w.staff).post(f"/api/v1/ballots/{ballot.pk}/go-live/")
    assert live.status_code == 200 and live.json()["test_mode"] is False
    assert Vote.objects.count() == 0 and not Sheet.objects.filter(used=True).exists()
    refused = api(w.staff).post(f"/api/v1/ballots/{ballot.pk}/go-live/")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_test_mode"
    assert vote(token, ALL_EXCELLENT).status_code == 200


def test_the_department_prints_sheets_and_reads_results_on_pages(rated):
    w = rated
    open_ballot(w)
    ballot = Ballot.objects.get()
    staff = Client()
    staff.force_login(w.staff)
    sheets = staff.get(f"/ballots/{ballot.pk}/sheets/").content.decode()
    assert len(re.findall(r'class="sheet"', sheets)) == 7 and "data:image/svg+xml" in sheets
    host = Client()
    host.force_login(w.receiving)
    assert host.get(f"/ballots/{ballot.pk}/sheets/").status_code == 403
    for token in tokens(ballot, "干部职工"):
        vote(token, ALL_EXCELLENT)
    staff.post(f"/ballots/{ballot.pk}/", {"step": "close"})
    ballot.refresh_from_db()
    assert ballot.state == "closed"
    page = staff.get(f"/ballots/{ballot.pk}/results/{w.placement.pk}/").content.decode()
    assert "不与他人比较排名" in page and "干部职工" in page


def test_the_appraisal_form_carries_the_ballots_suggestion_and_the_marked_findings(rated):
    import io

    from docx import Document

    from evaluations.ballots import latest_suggestion
    from placements import services

    w = rated
    open_ballot(w)
    ballot = Ballot.objects.get()
    for token in tokens(ballot, "班子成员") + tokens(ballot, "干部职工"):
        vote(token, ALL_EXCELLENT)
    for token in tokens(ballot, "服务对象"):
        vote(token, {**ALL_EXCELLENT, "overall": "competent"})
    assert latest_suggestion(w.placement) == ""  # not before it closes
    api(w.staff).post(f"/api/v1/ballots/{ballot.pk}/close/")
    # 优秀 70 % (30 + 40), 称职 30 %: two thirds or more say 优秀.
    assert latest_suggestion(w.placement).endswith("优秀70%、称职30%；建议等次：优秀")
    services.record_inspection(w.staff, w.placement, D(2026, 10, 9), "驻村天数不足", "poor",
                               bears_on_appraisal=True)
    services.record_inspection(w.staff, w.placement, D(2026, 9, 9), "纪实完整", "good")
    word = api(w.staff).get(f"/api/v1/placements/{w.placement.pk}/documents/"
                            "appraisal_form.docx")
    doc = Document(io.BytesIO(word.content))
    text = "\n".join(cell.text for table in doc.tables for row in table.rows
                     for cell in row.cells)
    assert "建议等次：优秀" in text and "2026-10-09 驻村天数不足" in text
    assert "纪实完整" not in text


def test_the_batch_page_opens_a_batch_wide_ballot(rated):
    w = rated
    staff = Client()
    staff.force_login(w.staff)
    page = staff.get(f"/batches/{w.batch.pk}/").content.decode()
    assert f"/batches/{w.batch.pk}/ballot/" in page
    now = timezone.localtime()
    answer = staff.post(f"/batches/{w.batch.pk}/ballot/", {
        "title": "第一批期满测评", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "group0_name": "班子成员", "group0_weight": "50", "group0_sheets": "3",
        "group1_name": "服务对象", "group1_weight": "50", "group1_sheets": "5",
        "group2_name": "", "group2_weight": "", "group2_sheets": ""})
    assert answer.status_code == 302, answer.content.decode()[:500]
    ballot = Ballot.objects.get()
    assert (ballot.batch_id, ballot.sheets.count()) == (w.batch.pk, 8)
    bad = staff.post(f"/batches/{w.batch.pk}/ballot/", {
        "title": "x", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "group0_name": "班子成员", "group0_weight": "60", "group0_sheets": "3"})
    assert bad.status_code == 400 and "合计应为100" in bad.content.decode()
    assert Ballot.objects.count() == 1
    host = Client()
    host.force_login(w.receiving)
    assert host.get(f"/batches/{w.batch.pk}/ballot/").status_code == 403


def test_a_host_opens_its_cadres_ballot_where_the_program_lets_it_with_its_own_items(rated):
    w = rated
    now = timezone.localtime()
    form = {"title": "接收单位测评", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "group0_name": "干部职工", "group0_weight": "100", "group0_sheets": "4",
            "items": "政治素质\n工作实绩:100"}
    host = Client()
    host.force_login(w.receiving)
    assert host.post(f"/placements/{w.placement.pk}/ballot/", form).status_code == 403
    w.program.host_opens_ballots = True
    w.program.save()
    bad = host.post(f"/placements/{w.placement.pk}/ballot/", {**form, "items": "工作实绩:500"})
    assert bad.status_code == 400 and "满分应为1至100" in bad.content.decode()
    assert Ballot.objects.count() == 0
    made = host.post(f"/placements/{w.placement.pk}/ballot/", form)
    assert made.status_code == 302, made.content.decode()[:400]
    ballot = Ballot.objects.get()
    assert [(i["label"], i["kind"]) for i in ballot.items] == [("政治素质", "grade"),
                                                              ("工作实绩", "score")]
    assert host.get(f"/ballots/{ballot.pk}/sheets/").status_code == 200
    # A batch-wide ballot stays the department's.
    assert host.get(f"/batches/{w.batch.pk}/ballot/").status_code == 403
    token = tokens(ballot, "干部职工")[0]
    assert vote(token, {"item1": "excellent", "item2": "101"}).status_code == 400
    assert vote(token, {"item1": "excellent", "item2": "95"}).status_code == 200


def test_an_earlier_ballot_is_the_template_of_the_next(rated):
    w = rated
    first = open_ballot(w, items=[{"label": "政治素质", "kind": "grade"},
                                  {"label": "工作实绩", "kind": "score", "max": 50}]).json()
    now = timezone.now()
    made = api(w.staff).post("/api/v1/ballots/", {
        "title": "年度测评", "placement": w.placement.pk, "copy_from": first["id"],
        "opens_at": now.isoformat(), "closes_at": (now + datetime.timedelta(days=2)).isoformat()},
        format="json")
    assert made.status_code == 201, made.json()
    assert [i["label"] for i in made.json()["items"]] == ["政治素质", "工作实绩"]
    assert [g["name"] for g in made.json()["groups"]] == [g["name"] for g in GROUPS]
    page = Client()
    page.force_login(w.staff)
    form = page.get(f"/placements/{w.placement.pk}/ballot/").content.decode()
    assert "年度测评" in form and 'name="copy_from"' in form
