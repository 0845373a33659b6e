"""A guard for the processes that serve traffic."""
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Serving with a throwaway key would log everyone out on each restart and differ between
    workers: refuse to start instead."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
