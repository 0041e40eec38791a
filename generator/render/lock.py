"""The lock screen of a private site (the theme's `lock.html`): what every page shows before it is
unlocked.

The template is the theme's, so a theme (or the content's templates/lock.html) may restyle it; what
it renders passes the checks every web page passes (render/page_policy.py): the site's
Content-Security-Policy comes first, and no refresh, `<base>`, form action or ping may send the
passphrase or the reader elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

import jinja2

from generator.errors import ContentError, Finding, Level, Location
from generator.render.contexts import LockPage
from generator.render.page_policy import CONTENT_SECURITY_POLICY, problems, with_policy

TEMPLATE = "lock.html"


def lock_renderer(env: jinja2.Environment) -> Callable[[LockPage], str]:
    """Renders lock.html with the build's theme environment (render/theme.make_environment)."""
    template = env.get_template(TEMPLATE)

    def render(context: LockPage) -> str:
        html = template.render(page=context, **asdict(context))
        found = next(problems(html), None)
        if found is not None:
            where = Location(template.filename or TEMPLATE)
            raise ContentError([Finding(Level.ERROR, where, f"template error: {found.message}")])
        return with_policy(html, CONTENT_SECURITY_POLICY)

    return render


def render_default_lock(context: LockPage) -> str:
    """The default theme's lock screen (for callers without a theme: tests, audits)."""
    from generator.render.theme import THEMES_DIR, make_environment, resolve_theme

    return lock_renderer(make_environment(resolve_theme("default", THEMES_DIR)))(context)
