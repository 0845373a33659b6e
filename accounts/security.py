"""What a locked-out sign-in gets (django-axes calls `lockout_response`): the sign-in page
with the reason, or the API's error shape, with 429 either way."""
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("密码连续输错%(n)d次，该账户已锁定%(minutes)d分钟，"
             "请稍后再试或联系组织部重置密码。") % {"n": settings.AXES_FAILURE_LIMIT,
                                                "minutes": minutes}


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "locked_out", "message": lockout_message(),
                                       "fields": {}}}, status=429)
    return render(request, "registration/login.html",
                  {"locked_out": lockout_message(), "form": None}, status=429)
