"""The client's address, as far as it can be trusted."""
from django.conf import settings


def client_address(request) -> str:
    """The connection's address, or, behind BEHIND_PROXY trusted proxies, the address the
    outermost of them saw (X-Forwarded-For read from the right, as DRF's NUM_PROXIES does):
    a header the client sent itself is never believed."""
    meta = getattr(request, "META", {})
    proxies = settings.BEHIND_PROXY
    if proxies:
        hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return meta.get("REMOTE_ADDR", "")
