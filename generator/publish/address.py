"""Where a published site will be: the URL printed at the end, the `CNAME` file, and whether a
private site has an origin of its own.

GitHub Pages serves a repository `OWNER.github.io` at https://OWNER.github.io/ (a user or
organisation site) and any other repository REPO at
https://OWNER.github.io/REPO/
(a project site).
A custom domain is named by a `CNAME` file at the root of the published branch. A project site under
a user site's custom domain is served at that domain's /REPO/ path and must not carry a CNAME of its
own, so one is written only when `site.url` is the root of a host that is not github.io.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_GITHUB = re.compile(
    r"^(?:https?://(?:[^@/]+@)?github\.com/|ssh://git@github\.com/|git@github\.com:)"
    r"(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+?)(?:\.git)?/?$"
)


def github_pages_url(remote: str) -> str | None:
    """The address GitHub Pages gives the repository at `remote`, or None when it is not on
    github.com."""
    match = _GITHUB.match(remote.strip())
    if match is None:
        return None
    owner, repo = match.group("owner").lower(), match.group("repo")
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def cname(site_url: str | None) -> str | None:
    """The custom domain to name in `CNAME`: site.url's host, when site.url is the root of a host of
    the user's."""
    if not site_url:
        return None
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if (
        not host
        or host.endswith(".github.io")
        or host in ("localhost", "github.io")
        or parts.path not in ("", "/")
    ):
        return None
    if re.fullmatch(r"[0-9.]+|\[?[0-9a-f:]+\]?", host):  # an address, not a domain name
        return None
    return host


def shared_origin(url: str | None) -> str | None:
    """For a private site: why its address shares an origin with other sites, or None.

    The browser keeps what "Keep unlocked" remembers (the key) and the offline copy per origin
    (scheme, host, port), not per path. Every project site of OWNER is served from
    https://OWNER.github.io,
    as is the user site itself: a page of any of them could read them. Only
    a domain of the site's own (a CNAME) separates it.
    """
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    if host == "github.io" or host.endswith(".github.io"):
        return (
            f"{url} shares its origin (https://{host}) with every other GitHub Pages site of that "
            "account, its project sites included: a page of any of them could use the key a phone "
            'keeps for "Keep unlocked". Unless nothing else is published there, give the private '
            "site a domain of its own (a subdomain in site.url, which publish writes to CNAME): "
            "see docs/publishing.md"
        )
    return None
