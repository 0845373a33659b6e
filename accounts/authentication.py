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


def token_with_user(model, key):
    """The token with its user, the user's unit and the unit's region: the scoping of every
    department request reads them (User.department_region)."""
    return model.objects.select_related("user__unit__region").get(key=key)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = token_with_user(model, key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("令牌无效")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("用户已停用或已删除"))
        user = token.user
        if expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取"))
        return user, token
