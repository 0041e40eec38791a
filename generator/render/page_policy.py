"""What a rendered web page may do without a script: the checks every page of the site passes.

Templates are someone else's work (a theme, an override in templates/), and a page's HTML can send
its decrypted data away with no script at all: `<meta http-equiv="refresh">` navigates (the
Content-Security-Policy does not govern navigation), `<link rel="prefetch">` to another origin
fetches, `ping` posts, `<base>` re-points every relative link and form, a form's `action` submits.
So every web page gets the site's policy as the first thing in its head (a `base.html` override
cannot drop it), and a page with any of those is refused at the template that made it. Print pages
go to the PDF sandbox instead (printing/pdf.py), which loads nothing from the network. The policy
itself and the theme colour are declared here too: the web app and the sealed site take them from
here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

THEME_COLOR = "#1b2430"
"""The default theme's header (--ink): the phone's status bar and the installed app's title bar."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src "
    "'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action "
    "'none'; object-src 'none'"
)
"""Every page's policy (a meta tag: static hosts send no headers we choose).

Only the site's own scripts run: no inline script, no event-handler attribute, no script from
elsewhere, even if a template or a note let one through; pictures may be data: (QR codes) or blob:
(a private site's decrypted pictures); a form never posts (the passphrase form is handled in the
page). `frame-ancestors` cannot be set from a meta tag.
"""

_TAG = re.compile(r"""<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_SUSPECT = re.compile(r"http-equiv|ping|action|rel", re.IGNORECASE)
"""Only a tag whose attributes mention one of these is looked at attribute by attribute."""

_FETCHING_RELS = {
    "prefetch",
    "preload",
    "prerender",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "next",
}
_ALLOWED_HTTP_EQUIV = {"content-security-policy", "content-type"}
_HEAD = re.compile(
    r"\A(\s*(?:<!doctype[^>]*>\s*)?(?:<html\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>\s*)?(?:<head\s*>)?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    """Something a page must not carry: what it is, and a word to find its line in the template
    by."""

    message: str
    needle: str


def allowed(html: str) -> str | None:
    """The page, if it carries nothing `problems` refuses, else None: the check a page from the
    build cache's memo passes, as a templated one does."""
    return None if next(problems(html), None) is not None else html


def with_policy(html: str, policy: str) -> str:
    """The page with the site's Content-Security-Policy as its first element (before any script,
    style or link: a policy in a meta tag applies only to what follows it)."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    start = _HEAD.match(html)
    at = start.end() if start else 0
    return (
        html[:at]
        + ("\n" if at and not html[:at].endswith("\n") else "")
        + meta
        + "\n"
        + html[at:].lstrip("\n")
    )


def problems(html: str) -> Iterator[Problem]:
    """Every way the page could navigate, fetch or submit without a script."""
    for match in _TAG.finditer(html):
        name, rest = match.group(1).lower(), match.group(2)
        if name == "base":
            yield Problem(
                "the page has a <base> element, which would send every relative link elsewhere",
                "<base",
            )
            continue
        if name == "form" and re.search(r"\baction\s*=", rest, re.IGNORECASE):
            yield Problem(
                "the page has a form with an action, which would send what is typed elsewhere",
                "action",
            )
            continue
        if not _SUSPECT.search(rest):
            continue
        attributes = {key.lower(): _unquoted(value) for key, value in _ATTRIBUTE.findall(rest)}
        if "ping" in attributes:
            yield Problem(
                f"a <{name}> has a ping attribute, which reports each click to another address",
                "ping",
            )
        if "formaction" in attributes:
            yield Problem(
                f"a <{name}> has a formaction attribute, which would submit a form elsewhere",
                "formaction",
            )
        equiv = attributes.get("http-equiv")
        if (
            name == "meta"
            and equiv is not None
            and equiv.strip().lower() not in _ALLOWED_HTTP_EQUIV
        ):
            yield Problem(
                f'the page has <meta http-equiv="{equiv.strip()[:30]}">, which could take the '
                "reader (and what the page "
                "shows) to another address without a script",
                "http-equiv",
            )
        rels = set((attributes.get("rel") or "").lower().split())
        if name == "link" and rels & _FETCHING_RELS and _elsewhere(attributes.get("href") or ""):
            yield Problem(
                f'a <link rel="{" ".join(sorted(rels))}"> fetches from another site', "rel"
            )


def _unquoted(value: str) -> str:
    return (
        value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] and len(value) > 1 else value
    )


def _elsewhere(href: str) -> bool:
    """Another origin: a scheme, or a network path (`//host`); a backslash counts as a slash, as
    browsers read it."""
    href = href.strip().replace("\\", "/")
    return href.startswith("//") or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", href) is not None
