"""API list pages are served from the cache until a table they read changes
(secondment.api.list_cache): every write path moves its table's stamp at commit, a page asked
again after a write shows it, and what the stamps cannot vouch for is never cached."""
import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cadres.models import Cadre
from placements.models import Placement, WorkLog
from secondment.api import list_cache

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="table stamps are PostgreSQL triggers")
PLACEMENTS = "/api/v1/placements/"


def api(user, language="zh-hans"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def read(client, path=PLACEMENTS):
    """The page's JSON and the statements it ran (force_authenticate: none for sign-in)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in captured.captured_queries]


def served_from_cache(statements):
    """A cached page runs one statement: the stamps'."""
    return len(statements) == 1 and "reports_tablestamp" in statements[0]


@pytest.fixture
def listed(transactional_db, world, make):
    # No cache.clear(): in the suite the cache's Redis database is also the Celery broker's
    # of the worker tests running beside (a FLUSHDB took their queued tasks). Entries need
    # no clearing: keys carry the database and the reader, and stamps carry the transaction.
    w = world
    w.first = make.placement(w.cadre, w.batch, w.host, status="on_post")
    w.other = make.placement(make.cadre(w.sender, "王五"), w.other_batch, w.host,
                             status="on_post")
    return w


@postgresql_only
def test_a_repeated_page_comes_from_the_cache_and_a_change_through_the_api_shows_at_once(listed):
    w = listed
    staff = api(w.staff)
    first, statements = read(staff)
    assert not served_from_cache(statements)
    assert [row["post_title"] for row in first["results"]] == ["挂职副县长"]

    again, statements = read(staff)
    assert served_from_cache(statements)
    assert again == first

    # The step's own endpoint (the service update_placement), then the list.
    response = staff.patch(f"{PLACEMENTS}{w.first.pk}/", {"post_title": "挂职县委常委"},
                           format="json")
    assert response.status_code == 200, response.content
    changed, statements = read(staff)
    assert not served_from_cache(statements)
    assert [row["post_title"] for row in changed["results"]] == ["挂职县委常委"]
    assert served_from_cache(read(staff)[1])


@postgresql_only
def test_every_write_path_to_a_table_the_page_reads_ends_its_cached_copy(listed):
    w = listed
    staff = api(w.staff)
    names = lambda: [row["cadre_name"] for row in read(staff)[0]["results"]]  # noqa: E731
    assert names() == ["张树旗"]

    def shows(write, name):
        assert served_from_cache(read(staff)[1])
        write()
        assert names() == [name]

    # A queryset update, plain SQL, a model save — on a table one key away from the rows.
    shows(lambda: Cadre.objects.filter(pk=w.cadre.pk).update(name="张一"), "张一")

    def sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cadres_cadre SET name = '张二' WHERE id = %s", [w.cadre.pk])
    shows(sql, "张二")
    cadre = Cadre.objects.get(pk=w.cadre.pk)
    cadre.name = "张三"
    shows(cadre.save, "张三")
    # A new row in scope, made by bulk_create.
    Placement.objects.filter(pk=w.first.pk).delete()
    assert names() == []
    shows(lambda: Placement.objects.bulk_create([Placement(
        cadre=w.cadre, batch=w.batch, host_unit=w.host, home_unit=w.sender,
        start_date=w.first.start_date, planned_end_date=w.first.planned_end_date,
        post_title="挂职副县长", direction="down")]), "张三")


@postgresql_only
def test_a_rolled_back_write_and_a_write_to_another_table_leave_the_page_cached(listed):
    w = listed
    staff = api(w.staff)
    first, _ = read(staff)
    with pytest.raises(RuntimeError), transaction.atomic():
        Cadre.objects.filter(pk=w.cadre.pk).update(name="回滚")
        raise RuntimeError
    # The diary is not read by the placements page.
    WorkLog.objects.create(placement=w.first, date=w.first.start_date, content="调研")
    again, statements = read(staff)
    assert served_from_cache(statements)
    assert again == first


@postgresql_only
def test_a_change_committed_while_the_page_was_built_is_not_hidden_by_the_cache(
        listed, monkeypatch):
    """The stamps are read before the page: a write committed in between is in the page, and
    the page is kept under the older stamps, so the next request builds it again."""
    w = listed
    staff = api(w.staff)
    read_stamps = list_cache.stamps

    def stamps_then_a_write():
        current = read_stamps()
        Cadre.objects.filter(pk=w.cadre.pk).update(name="张在途")
        return current
    monkeypatch.setattr(list_cache, "stamps", stamps_then_a_write)
    page, _ = read(staff)
    assert [row["cadre_name"] for row in page["results"]] == ["张在途"]
    monkeypatch.setattr(list_cache, "stamps", read_stamps)
    again, statements = read(staff)
    assert not served_from_cache(statements)
    assert again == page
    assert served_from_cache(read(staff)[1])


@postgresql_only
def test_each_reader_language_and_query_has_its_own_page(listed):
    w = listed
    mine, _ = read(api(w.staff))
    theirs, statements = read(api(w.other_staff))
    assert not served_from_cache(statements)
    assert [r["id"] for r in mine["results"]] == [w.first.pk]
    assert [r["id"] for r in theirs["results"]] == [w.other.pk]

    english, statements = read(api(w.staff, "en"))
    assert not served_from_cache(statements)
    assert english["results"][0]["status_display"] == "On post"
    assert mine["results"][0]["status_display"] == "在岗"

    filtered, statements = read(api(w.staff), PLACEMENTS + "?status=completed")
    assert not served_from_cache(statements)
    assert filtered["count"] == 0


@postgresql_only
def test_a_restarted_stamp_table_never_matches_an_old_page(listed):
    """Counters restarted from nothing (the stamps emptied, a restored copy) count again from
    1; the transaction that moved them tells the two apart."""
    w = listed
    staff = api(w.staff)
    read(staff)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE reports_tablestamp")
    Cadre.objects.filter(pk=w.cadre.pk).update(name="张重启")
    page, statements = read(staff)
    assert not served_from_cache(statements)
    assert page["results"][0]["cadre_name"] == "张重启"
    # A table emptied by TRUNCATE moves its stamp too.
    assert served_from_cache(read(staff)[1])
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE placements_placement CASCADE")
    assert read(staff)[0]["count"] == 0


@postgresql_only
def test_a_page_reading_an_unstamped_table_is_never_cached(listed):
    """The security log has no stamp (it is written on every sign-in)."""
    staff = api(listed.staff)
    read(staff, "/api/v1/security-events/")
    _page, statements = read(staff, "/api/v1/security-events/")
    assert not served_from_cache(statements)
    assert any("accounts_securityevent" in sql for sql in statements)


@postgresql_only
@pytest.mark.django_db
def test_nothing_is_cached_inside_a_transaction(world, make):
    """A test's transaction (or any open one) may hold writes whose stamps move only at its
    commit: a page read inside one is built each time."""
    make.placement(world.cadre, world.batch, world.host)
    staff = api(world.staff)
    read(staff)
    Cadre.objects.filter(pk=world.cadre.pk).update(name="事务内")
    page, statements = read(staff)
    assert not served_from_cache(statements)
    assert page["results"][0]["cadre_name"] == "事务内"


def test_only_plain_reads_of_quoted_tables_can_be_followed():
    def tables(*sql):
        statements = list_cache._Statements()
        statements.sql = list(sql)
        return statements.tables()

    assert tables('SELECT COUNT(*) FROM (SELECT "a"."id" FROM "placements_placement" a '
                  'INNER JOIN "cadres_cadre" ON (1=1)) subquery',
                  'EXPLAIN (FORMAT JSON) SELECT "x" FROM "programs_batch"') == {
        "placements_placement", "cadres_cadre", "programs_batch"}
    assert tables('SELECT EXTRACT(YEAR FROM "placements_worklog"."date") '
                  'FROM "placements_worklog"') == {"placements_worklog"}
    assert tables("SELECT n FROM placements_worklog") is None
    assert tables('SELECT * FROM unnest(ARRAY[1])') is None
    assert tables('INSERT INTO "cadres_cadre" ("name") VALUES (1)') is None
    assert tables('EXPLAIN ANALYZE DELETE FROM "cadres_cadre"') is None


# Tables no API list is served from the cache for: their histories (written with every
# audited change), the security log (every sign-in), the stamps themselves, and Django's
# own permission tables.
UNSTAMPED = {"accounts_securityevent", "accounts_user_groups",
             "accounts_user_user_permissions", "reports_figurestamp", "reports_tablestamp"}


@postgresql_only
@pytest.mark.django_db
def test_every_table_of_the_apps_has_a_stamp_or_a_reason_not_to():
    list_cache._STAMPED.clear()
    stamped = list_cache.stamped_tables()
    tables = {model._meta.db_table
              for app in ("accounts", "programs", "cadres", "placements", "reports", "imports")
              for model in apps.get_app_config(app).get_models(include_auto_created=True)}
    history = {table for table in tables if "_historical" in table}
    assert stamped == tables - history - UNSTAMPED


@postgresql_only
def test_a_cached_page_answers_its_kept_json_and_still_renders_for_other_readers(listed):
    """The JSON is kept with the page: the same bytes and type again, the data for a test
    client that asks, and the browsable API (HTML) still rendered from the page's data."""
    w = listed
    staff = api(w.staff)
    first = staff.get(PLACEMENTS)
    with CaptureQueriesContext(connection) as captured:
        again = staff.get(PLACEMENTS)
    assert served_from_cache([q["sql"] for q in captured.captured_queries])
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again.data["results"][0]["id"] == w.first.pk

    html = staff.get(PLACEMENTS, HTTP_ACCEPT="text/html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    assert "张树旗" in html.content.decode()
    pretty = staff.get(PLACEMENTS, HTTP_ACCEPT="application/json; indent=2")
    assert pretty.json() == first.json() and pretty.content != first.content


@postgresql_only
def test_a_transaction_moves_each_table_it_wrote_once_at_commit(listed):
    """Each table written moves by one per transaction, at commit and not before; a table
    written only in a rolled-back savepoint does not move, nor does a transaction whose
    statements changed no row."""
    w = listed

    def counters():
        return {table: n for table, (n, _xmin) in list_cache.stamps().items()}

    before = counters()
    WorkLog.objects.filter(pk=-1).update(content="无")
    assert counters() == before
    with transaction.atomic():
        Cadre.objects.filter(pk=w.cadre.pk).update(name="甲")
        Cadre.objects.filter(pk=w.cadre.pk).update(name="乙")
        Placement.objects.filter(pk=w.first.pk).update(post_title="挂职副书记")
        with pytest.raises(RuntimeError), transaction.atomic():
            w.batch.__class__.objects.filter(pk=w.batch.pk).update(term_months=12)
            raise RuntimeError
        assert counters() == before
    after = counters()
    moved = {table for table in after if after[table] != before.get(table)}
    assert moved == {"cadres_cadre", "placements_placement"}
    assert after["cadres_cadre"] == before.get("cadres_cadre", 0) + 1
