"""A session write survives a connection dropped under it (issue 25, ninth finding)."""
import psycopg2
import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.db import connection

from core.sessions import SessionStore


def _kill_own_backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    db = settings.DATABASES["default"]
    other = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"],
                             port=db["PORT"] or 5432, password=db["PASSWORD"] or None)
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_session_write_after_a_dropped_connection_is_written_on_a_new_one():
    from django.contrib.sessions.backends.db import SessionStore as DjangoStore

    plain = DjangoStore()
    plain.create()
    _kill_own_backend()
    plain["seen"] = 1
    with pytest.raises(UpdateError):  # Django's own store: SessionInterrupted, a 400
        plain.save()

    store = SessionStore()
    store["language"] = "zh-hans"
    store.create()
    _kill_own_backend()
    store["seen"] = 1
    store.save()
    assert SessionStore(store.session_key).load() == {"language": "zh-hans", "seen": 1}


@pytest.mark.django_db(transaction=True)
def test_a_session_deleted_meanwhile_is_still_refused():
    store = SessionStore()
    store["seen"] = 1
    store.create()
    SessionStore(store.session_key).delete()
    store["seen"] = 2
    with pytest.raises(UpdateError):
        store.save()
