"""Dashboard figures served from the cache until a change they read.

A figure is cached under its reader (user, role, unit), its filters, the language, the day
and the reader's *stamp*: the sum of the FigureStamp counters of the batches the reader sees
(with batch 0, the rows above batches) and the newest transaction that moved one. Every
write to a table a figure reads moves its batch's counter in the writing transaction (the
triggers of reports/migrations/0005), so a change gives its readers a new key the moment it
commits, and a rolled-back one leaves no trace. The stamp is read before the figure, so a
cached figure is never older than its key.

The national overview, achievements, compliance and fulfilment figures cost 0.2–0.4 s of SQL
over every province; a repeat costs the stamp's query (< 1 ms). PostgreSQL only: on SQLite
(the demo) figures are computed each time."""
import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone, translation

from accounts.choices import Role

logger = logging.getLogger(__name__)


def stamp(user):
    """The reader's stamp, or None where figures are not cached."""
    if connection.vendor != "postgresql":
        return None
    sql = ("SELECT COALESCE(SUM(n), 0), COALESCE(MAX(xmin::text::bigint), 0) "
           "FROM reports_figurestamp")
    params = []
    if not user.is_superuser and user.role in (Role.ORG_STAFF, Role.MANAGER):
        from programs.models import Batch

        # A department's figures read its batches' rows only: another province's diaries
        # do not move its key.
        sql += " WHERE batch_id = 0 OR batch_id = ANY(%s)"
        params = [list(Batch.objects.visible_ids(user))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchone())


def cached(name, user, params, compute):
    """compute() once per reader, filters, day and stamp."""
    current = stamp(user)
    if current is None or not settings.FIGURE_CACHE_SECONDS:
        return compute()
    key = json.dumps([settings.DATABASES["default"]["NAME"], name, user.pk, user.role,
                      user.unit_id, user.is_superuser, translation.get_language(),
                      timezone.localdate(), sorted(params.items()), current],
                     default=str, ensure_ascii=False)
    key = "figures:" + hashlib.sha256(key.encode()).hexdigest()
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache down: the figure is still the database's
        logger.warning("figure cache unavailable", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.FIGURE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("figure cache unavailable", exc_info=True)
    return value
