"""What every request and response passes through: refused input, no caching, and the
session's lifetime."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class RefuseNulBytesMiddleware:
    """A NUL character in the query string is a 400: PostgreSQL cannot hold it in a text
    value, and every filter (pages, admin lists and autocompletes, the API) would otherwise
    fail with a 500 on it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in v for v in values)
               for key, values in request.GET.lists()):
            message = _("请求参数含有非法字符")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid", "message": message,
                                               "fields": {}}}, status=400,
                                    json_dumps_params={"ensure_ascii": False})
            return render(request, "bad_request.html", {"message": message}, status=400)
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing the application answers is kept by a browser or a proxy cache: its pages and
    API responses carry personal data and each user's own scope. (Static files are served
    before this, by WhiteNoise, with their long-lived hashed names.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"


def remember_sign_in(sender, request, user, **kwargs):
    """user_logged_in: the session's start, for its absolute limit."""
    request.session[SIGNED_IN_AT] = int(time.time())


class SessionLifetimeMiddleware:
    """Ends a session SESSION_MAX_HOURS after sign-in, however active it has been; renews the
    idle limit (SESSION_COOKIE_AGE) at most once every SESSION_RENEW_SECONDS.

    Renewing is a write (the session's row, and its cookie): done on every request, each
    page view was a transaction with its commit. Once a minute, the idle limit of 30 minutes
    counts from the last renewal, at most a minute before the last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                request.session[SIGNED_IN_AT] = int(now)
            elif now - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"error": {
                        "code": "not_authenticated", "message": _("登录已过期，请重新登录"),
                        "fields": {}}}, status=401, json_dumps_params={"ensure_ascii": False})
                messages.info(request, _("登录已超过%d小时，请重新登录。")
                              % settings.SESSION_MAX_HOURS)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(RENEWED_AT, 0) >= settings.SESSION_RENEW_SECONDS:
                request.session[RENEWED_AT] = int(now)  # saved, with a new idle limit
        return self.get_response(request)


class ThirdPartyStylesMiddleware:
    """The API's HTML pages (DRF's browsable API, Swagger UI) are third-party templates that
    set inline styles; they may, and nothing else may. Inline script stays refused everywhere.
    Listed after django-csp's middleware, so it marks the response before the policy is
    built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith("/api/")
                and response.get("Content-Type", "").startswith("text/html")):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response


class DeniedRequestMiddleware:
    """A page refused to its user (403) goes into the security log (the API's refusals are
    logged by its exception handler)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied

        if isinstance(exception, PermissionDenied):
            from .signals import security_event

            security_event.send(sender=type(self), kind="permission_denied", request=request,
                                method=request.method)
        return None
