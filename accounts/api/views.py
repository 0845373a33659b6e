"""`auth/token/`: sign in for a token (POST), sign out (DELETE)."""
from django.core.cache import caches
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from accounts.choices import Role
from core.api.base import ChoiceDisplayMixin, ReadOnlyScopedViewSet

from ..authentication import expired
from ..filtersets import SecurityEventFilterSet
from ..models import SecurityEvent
from ..security import record


class IsOrgStaff(BasePermission):
    """The security log is the department's staff's to read (403 for other roles)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated
                    and (user.is_superuser or user.role == Role.ORG_STAFF))


class SignInSerializer(AuthTokenSerializer):
    def validate(self, attrs):
        from django.contrib.auth import authenticate

        # django-axes needs the Django request itself: it marks a locked-out sign-in on it,
        # and its middleware then answers with the lockout (429), not a plain refusal.
        request = self.context["request"]
        user = authenticate(request=getattr(request, "_request", request),
                            username=attrs.get("username"), password=attrs.get("password"))
        if user is None:
            raise serializers.ValidationError(_("用户名或密码不正确"), code="authorization")
        attrs["user"] = user
        return attrs


class SignInThrottle(ScopedRateThrottle):
    """The token endpoint's limit per address, counted in the database (settings.CACHES
    "sign_in"): signing in works with Redis down."""

    cache = caches["sign_in"]


class TokenView(ObtainAuthToken):
    """登录获取令牌（12小时有效）；DELETE 注销令牌"""

    serializer_class = SignInSerializer
    throttle_classes = [SignInThrottle]
    throttle_scope = "sign_in"
    permission_classes = [AllowAny]

    def get_throttles(self):
        # Only signing in is limited; signing out is not.
        return super().get_throttles() if self.request.method == "POST" else []

    @extend_schema(request=SignInSerializer, responses={200: inline_serializer(
        "Token", {"token": serializers.CharField(),
                  "created": serializers.DateTimeField(help_text="签发时间，12小时后失效")})})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token = Token.objects.filter(user=user).first()
        if token is not None and expired(token):
            token.delete()
            token = None
        token = token or Token.objects.create(user=user)
        # As the sign-in form's are (user_logged_in): who signed in, when, from where.
        record("sign_in", request._request, user=user, via="token")
        return Response({"token": token.key, "created": token.created})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return Response({"error": {"code": "not_authenticated",
                                       "message": _("身份认证信息未提供。"), "fields": {}}},
                            status=status.HTTP_401_UNAUTHORIZED)
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SecurityEventSerializer(ChoiceDisplayMixin):
    class Meta:
        model = SecurityEvent
        fields = ["id", "kind", "user", "username", "ip_address", "path", "detail",
                  "created_at", "count", "last_at"]
        read_only_fields = fields


class SecurityEventViewSet(ReadOnlyScopedViewSet):
    """安全事件：登录、失败、锁定、越权、导出、查看未遮蔽个人信息（只读，保留180天）"""

    queryset = SecurityEvent.objects.all()
    serializer_class = SecurityEventSerializer
    filterset_class = SecurityEventFilterSet
    ordering_fields = ["created_at"]
    permission_classes = [IsOrgStaff]
