"""Whether a web address is one only this computer can reach (the preview's, or none at all).

The build's options refuse to publish such a site with feeds, and the calendar pages tell
staff a feed at such an address cannot be subscribed to yet. No MkDocs import here.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_local_address(site_url: str | None) -> bool:
    """Whether a site at `site_url` is reachable from this computer only: unset, localhost,
    a loopback address (127.0.0.0/8, ::1) or the unspecified one (0.0.0.0, ::)."""
    if not site_url:
        return True
    try:
        host = urlsplit(site_url).hostname
    except ValueError:
        return False
    if not host:
        return True
    host = host.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
