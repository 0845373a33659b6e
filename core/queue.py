"""Sending work to the Celery workers by the task's registered name: a service that queues
a task need not import the module that runs it (whose task calls the service back)."""
from celery import current_app
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

# What a publish raises when the broker cannot be reached (it fails within seconds: see
# CELERY_BROKER_TRANSPORT_OPTIONS).
BROKER_ERRORS = (BrokerError, RedisError, OSError)


def send(task_name, *args):
    """Queue `task_name` with `args` (run at once where CELERY_TASK_ALWAYS_EAGER is set, as
    on the SQLite demo); raises one of BROKER_ERRORS when the broker is down."""
    current_app.signature(task_name, args=args).apply_async(retry=False)
