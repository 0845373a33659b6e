"""API list pages served from the cache until a table they read changes.

A page is cached under its reader (user, role, unit, superuser), the view, its query string,
host, language, time zone and day, together with the tables its statements read and each
table's stamp (reports.TableStamp: a counter the table's triggers move once per writing
transaction, at its commit). A later request for the same page reads the stamps again — one
query of a few dozen rows — and is answered from the cache only when none of those tables has
changed since.

Why this holds:
- The tables are taken from the statements the page actually ran (captured while it was
  built), so a filter or a scope that reads one more table brings it in. A page that reads
  a table without a stamp, or whose building wrote anything, is not cached.
- The stamps are read *before* the page is built: a change committed while it was built
  leaves the entry under older stamps, so the next request builds the page again.
- A transaction moves its stamps at its own commit (deferred triggers), so a write is in the
  next answer, and a rolled-back one leaves no trace.
- Only outside a transaction: a request in one (a test's, or a write in progress) may read
  rows its own transaction changed, which the stamps do not show until commit.
- The row's transaction id goes with its counter, so a table emptied and restarted
  (TRUNCATE, a restored copy) never matches an old entry.

PostgreSQL only: on SQLite (the demo) pages are built each time. LIST_CACHE_SECONDS bounds an
entry's life in the cache (0: no list is cached)."""
import hashlib
import json
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# What follows FROM or JOIN: a quoted table (as Django writes them), a subquery, or anything
# else — a table written by hand, a function — which the cache cannot follow.
_SOURCE = re.compile(r'\b(?:FROM|JOIN)\s+(?:"([a-z0-9_]+)"|(\())|\b(?:FROM|JOIN)\s+(\w)',
                     re.IGNORECASE)
_STAMPED: dict = {}
_LAYOUT = 2  # (stamps read, data or None, {media type: rendered JSON})


def stamped_tables() -> frozenset:
    """The tables whose writes move a stamp: those with the trigger (read once per process;
    a migration that adds one comes with a restart)."""
    alias = connection.alias
    if alias not in _STAMPED:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger "
                           "WHERE tgname = 'table_stamp'")
            _STAMPED[alias] = frozenset(name.strip('"') for (name,) in cursor.fetchall())
    return _STAMPED[alias]


def stamps() -> dict:
    """Every table's stamp: its counter and the transaction that last moved it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, n, xmin::text FROM reports_tablestamp")
        return {name: (n, xmin) for name, n, xmin in cursor.fetchall()}


class _Statements:
    """Collects the statements a page runs (connection.execute_wrapper)."""

    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)

    def tables(self):
        """The tables read, or None when a statement was not a plain read of quoted tables.
        The planner's estimate of a long list's count (EXPLAIN, never executed) is a read."""
        tables = set()
        for sql in self.sql:
            head = sql.lstrip().upper()
            if head.startswith("EXPLAIN (FORMAT JSON) "):
                head = head[len("EXPLAIN (FORMAT JSON) "):]
            if not head.startswith(("SELECT", "WITH")):
                return None
            for table, _subquery, other in _SOURCE.findall(sql):
                if other:
                    return None
                if table:
                    tables.add(table)
        return tables


def _key(view, request):
    user = request.user
    query = sorted((k, v) for k, values in request.GET.lists() for v in values)
    key = json.dumps([connection.settings_dict["NAME"], type(view).__module__,
                      type(view).__qualname__, request.path, query, request.get_host(),
                      request.is_secure(), user.pk, getattr(user, "role", None),
                      getattr(user, "unit_id", None), user.is_superuser,
                      translation.get_language(), timezone.get_current_timezone_name(),
                      timezone.localdate()], default=str, ensure_ascii=False)
    # The entry's layout is in the key: a release that changes it starts afresh.
    return f"lists:{_LAYOUT}:" + hashlib.sha256(key.encode()).hexdigest()


def enabled() -> bool:
    return (connection.vendor == "postgresql" and bool(settings.LIST_CACHE_SECONDS)
            and not connection.in_atomic_block)


class Page:
    """A list page's data, and its JSON once rendered. A cached page keeps its rendered JSON
    by media type, so an answer from the cache is not encoded again (a 200-row page: 130 kB),
    and then no longer needs its data for JSON readers."""

    def __init__(self, data, key=None, read=None, rendered=None):
        self.data, self.key, self.read = data, key, read
        self.rendered = dict(rendered or {})

    def body(self, media_type):
        return self.rendered.get(media_type)

    def keep(self, media_type, body):
        if self.key is None or media_type in self.rendered:
            return
        self.rendered[media_type] = body
        _store(self.key, (self.read, None, self.rendered))


def _store(key, entry):
    try:
        cache.set(key, entry, settings.LIST_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - the cache down: the page is still the database's
        logger.warning("list cache unavailable", exc_info=True)


def cached_page(view, request, build, media_type=None) -> Page:
    """build()'s page data, or the cached page while none of the tables it read has changed.
    `media_type`: the JSON type the answer will be rendered as, if it will (else the data is
    needed)."""
    if not enabled():
        return Page(build())
    key = _key(view, request)
    current = stamps()
    try:
        entry = cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("list cache unavailable", exc_info=True)
        return Page(build())
    if entry is not None:
        read, data, rendered = entry
        if (all(current.get(table) == stamp for table, stamp in read.items())
                and (data is not None or media_type in rendered)):
            return Page(data, key, read, rendered)
    statements = _Statements()
    with connection.execute_wrapper(statements):
        data = build()
    tables = statements.tables()
    if tables is None:
        return Page(data)
    if getattr(request.user, "unit_id", None):
        # The reader's unit and region came with the sign-in, not from the page's
        # statements; the scope of a department reads them.
        tables |= {"programs_unit", "programs_region"}
    if not tables <= stamped_tables():
        return Page(data)
    read = {table: current.get(table) for table in tables}
    _store(key, (read, data, {}))
    return Page(data, key, read)
