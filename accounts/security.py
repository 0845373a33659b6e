"""What a locked-out sign-in gets (django-axes calls `lockout_response`): the sign-in page
with the reason, or the API's error shape, with 429 either way."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.net import client_address


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("密码连续输错%(n)d次，该账户已锁定%(minutes)d分钟，"
             "请稍后再试或联系组织部重置密码。") % {"n": settings.AXES_FAILURE_LIMIT,
                                                "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "locked_out", "message": lockout_message(),
                                       "fields": {}}}, status=429)
    return refused_sign_in(request, lockout_message())


def refused_sign_in(request, message):
    """The sign-in page with the reason it will not sign anyone in now (429)."""
    return render(request, "registration/login.html", {"locked_out": message, "form": None},
                  status=429)


# --- The security log ------------------------------------------------------------------------

def record(kind, request=None, user=None, username="", **detail):
    """Append one security event; the request gives the address, path and (signed-in) user."""
    from .models import SecurityEvent

    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        user = candidate if getattr(candidate, "is_authenticated", False) else None
    if user is not None and not getattr(user, "pk", None):
        user = None
    if user is None and username:
        from .models import User

        user = User.objects.filter(username=username).first()
    address = client_address(request) if request is not None else ""
    if kind in AGGREGATED_KINDS and _counted_as_repeat(kind, user, username, address, detail):
        return None
    return SecurityEvent.objects.create(
        kind=kind, user=user, username=(username or getattr(user, "username", ""))[:150],
        ip_address=address or None,
        path=(getattr(request, "path", "") or "")[:500], detail=detail)


# A fuzzer or a misbehaving script is refused thousands of times a minute; one row a minute
# per client (with the count and the last time) keeps the log readable and small.
AGGREGATED_KINDS = ("permission_denied",)


def _counted_as_repeat(kind, user, username, address, detail):
    """Count the refusal into this minute's row of the same client and the same detail (a
    refused ID number stays a row of its own), if there is one. A single UPDATE: concurrent
    refusals wait only for each other's increment, never for a reader."""
    from django.db.models import F, Subquery
    from django.utils import timezone

    from .models import SecurityEvent

    now = timezone.now()
    this_minute = SecurityEvent.objects.filter(
        kind=kind, user=user, username=(username or getattr(user, "username", ""))[:150],
        ip_address=address or None, detail=detail,
        created_at__gte=now.replace(second=0, microsecond=0),
    ).order_by("-id").values("pk")[:1]
    return SecurityEvent.objects.filter(pk__in=Subquery(this_minute)).update(
        count=F("count") + 1, last_at=now) > 0


def on_kernel_event(sender, kind, request=None, **detail):
    """core.signals.security_event: a refused request or an export seen by the kernel."""
    detail.pop("signal", None)
    record(kind, request, **detail)


def on_sign_in(sender, request, user, **kwargs):
    record("sign_in", request, user=user)


def on_sign_out(sender, request, user, **kwargs):
    if user is not None:
        record("sign_out", request, user=user)


def on_sign_in_failed(sender, credentials, request=None, **kwargs):
    record("sign_in_failed", request, username=str(credentials.get("username") or ""))


def on_locked_out(sender, request, username, ip_address, **kwargs):
    record("locked_out", request, username=str(username or ""))


# --- Failed sign-ins per address -------------------------------------------------------------

def throttled_sign_in(view):
    """The sign-in pages (the form's and the admin's): at most SIGN_IN_FAILURES_PER_MINUTE
    failed sign-ins a minute from one address, then 429 until the minute is over. Failures,
    not sign-ins, are counted: a county office behind one NAT address signs in together at
    8:30 without trouble, while a burst of guesses cannot keep the server hashing passwords
    for everyone else."""
    from functools import wraps

    from django.core.cache import caches

    cache = caches["sign_in"]

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = f"sign-in-failures:{client_address(request)}"
        if (cache.get(key) or 0) >= settings.SIGN_IN_FAILURES_PER_MINUTE:
            record("sign_in_failed", request, throttled=True,
                   username=str(request.POST.get("username", ""))[:150])
            response = refused_sign_in(request, _("登录失败次数过多，请一分钟后再试。"))
            response["Retry-After"] = "60"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 302:  # the form came back: not signed in
            cache.add(key, 0, timeout=60)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=60)
        return response
    return wrapped
