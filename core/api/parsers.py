"""Request bodies: JSON no deeper than any real request of the API."""
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest real body is a list of objects inside an object (confirm-matches): 3 levels.
MAX_DEPTH = 16


def _too_deep(value, limit):
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _no_constants(name):
    raise ValueError(f"{name} is not valid JSON")


class BoundedJSONParser(JSONParser):
    """JSON whose nesting is bounded: a deeply nested body is a 400, never a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=_no_constants)
        except RecursionError:
            raise ParseError(_("请求内容嵌套过深")) from None
        except (ValueError, UnicodeDecodeError):
            raise ParseError(_("请求内容不是有效的JSON")) from None
        if _too_deep(data, MAX_DEPTH):
            raise ParseError(_("请求内容嵌套过深"))
        return data
