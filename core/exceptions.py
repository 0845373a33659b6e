"""Errors a workflow step raises; the API maps them to its error shape and status codes."""
from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A refused step. `message` is for people (Chinese); `code` is for programs."""

    status = 409
    default_code = "rule_broken"

    def __init__(self, message, code=None, fields=None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code or self.default_code
        self.fields = fields or {}


class RuleBroken(ServiceError):
    """A rule of the workflow was broken (an order already filled, a wrong status …): 409."""


class InvalidInput(ServiceError):
    """The input itself is wrong (a missing reason, a date out of range …): 400."""

    status = 400
    default_code = "invalid"


class NotAllowed(ServiceError):
    """The actor's role or unit may not take this step: 403."""

    status = 403
    default_code = "permission_denied"

    def __init__(self, message=None, code=None, fields=None):
        super().__init__(message or _("您无权执行此操作"), code, fields)


class Unavailable(ServiceError):
    """A service the step needs (the task queue …) cannot be reached now: 503. What was asked
    is kept and carried out when it is back."""

    status = 503
    default_code = "unavailable"


def predicate(check):
    """The `can_<step>(user, obj)` of a `check_<step>(user, obj)`: True where the check lets
    the step go ahead. The step itself calls the check (and refuses with its status and
    message); pages and the API read the predicate to offer the step."""

    def can(*args, **kwargs) -> bool:
        try:
            check(*args, **kwargs)
        except ServiceError:
            return False
        return True

    can.__name__ = check.__name__.replace("check_", "can_", 1)
    can.__doc__ = f"Whether {check.__name__} passes (see its docstring)."
    return can
