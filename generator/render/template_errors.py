"""Template mistakes in a user's templates/ or theme, reported as `path:line: message`.

Jinja raises syntax errors with a file and line, and runtime errors (an undefined
variable under StrictUndefined) with the template's frame in the traceback; both
become a ContentError so a theme author sees where, not a Python traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2

from generator.errors import ContentError, Finding, Level, Location


def _display(filename: str | None, content_root: Path, content_display: str) -> str:
    if not filename:
        return "template"
    path = Path(filename)
    try:
        return f"{content_display}/{path.resolve().relative_to(content_root.resolve()).as_posix()}"
    except ValueError:
        return str(path)


_TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".svg")


def _template_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(_TEMPLATE_SUFFIXES)]


def raised_in_template(exc: BaseException) -> bool:
    """Whether a plain Python error (TypeError, KeyError...) came from template code rather than ours."""
    return bool(_template_frames(exc))


def template_error(exc: Exception, content_root: Path, content_display: str) -> ContentError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(_display(exc.filename, content_root, content_display), exc.lineno or 0)
        return ContentError([Finding(Level.ERROR, where, f"template error: {exc.message}")])
    if isinstance(exc, jinja2.TemplateNotFound):
        return ContentError([Finding(Level.ERROR, Location(content_display), f"template not found: {exc.name}")])
    frames = _template_frames(exc)
    if frames:
        frame = frames[-1]
        where = Location(_display(frame.filename, content_root, content_display), frame.lineno or 0)
    else:
        where = Location(content_display)
    return ContentError([Finding(Level.ERROR, where, f"template error: {exc}")])
