"""Requests refused before any view: what no form, filter or query may carry."""
from django.http import JsonResponse
from django.shortcuts import render
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
