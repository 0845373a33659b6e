"""API tokens that end: 12 hours after issue (API_TOKEN_HOURS), on DELETE auth/token/, and
with any change of the user's password (accounts.signals)."""
import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def expired(token) -> bool:
    return token.created < timezone.now() - datetime.timedelta(hours=settings.API_TOKEN_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取"))
        return user, token
