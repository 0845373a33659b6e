"""Sessions in the database, written again once when the connection was lost under them.

Every request writes its session (SESSION_SAVE_EVERY_REQUEST, for the idle timeout), after
the view has done its work. If the database connection dropped in between — a restarted
PostgreSQL, a failover, a killed backend — Django's store answers SessionInterrupted (a 400)
although the view's work is done and a fresh connection would take the write. This store
opens that fresh connection and writes once more; a session deleted meanwhile (signed out
elsewhere) is still refused as before.
"""
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import InterfaceError, OperationalError, connections, router


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except (UpdateError, OperationalError, InterfaceError) as exc:
            # Django wraps the update's error in UpdateError: the connection was lost when
            # the cause is an OperationalError or InterfaceError, while a session deleted
            # meanwhile is a plain DatabaseError ("did not affect any rows").
            cause = exc if isinstance(exc, (OperationalError, InterfaceError)) else exc.__context__
            connection = connections[router.db_for_write(self.model)]
            if (not isinstance(cause, (OperationalError, InterfaceError))
                    or connection.in_atomic_block):  # a transaction cannot change connection
                raise
            connection.close()
            return super().save(must_create=must_create)
