"""Log filters."""
import logging
import re

VOTE_PATH = re.compile(r"/vote/[^/\s\"']+")


class HideVoteTokens(logging.Filter):
    """A voting link's token is the vote itself: where a log line names a /vote/<token>/ path
    (Django's "Not Found: …", a refused form), the token is replaced before it is written."""

    def filter(self, record):
        message = record.getMessage()
        if "/vote/" in message:
            record.msg, record.args = VOTE_PATH.sub("/vote/…", message), ()
        request = getattr(record, "request", None)
        if request is not None and "/vote/" in getattr(request, "path", ""):
            record.request = None  # the request's repr names the path too
        return True
