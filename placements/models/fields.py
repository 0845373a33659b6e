"""Fields the placement records share."""
from django.conf import settings
from django.db import models


def actor_field(label):
    """Who took a step (a confirmation, a consent): kept as a name when the account goes."""
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name=label)
