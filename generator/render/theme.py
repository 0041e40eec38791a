"""Themes: an ordered list of folders behind one Jinja environment.

Search order is the content's own templates/, then the chosen theme, then the
default theme, so a user overrides one file and inherits the rest. A template
can extend the one it overrides with `{% extends "default/packet.html" %}`.
Every filter is registered here, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

THEMES_DIR = Path(str(resources.files("generator.themes")))
"""The repository's themes/ folder, installed as the package `generator.themes` so a wheel finds it."""
BUILTIN_THEMES = ("default", "compact")


class ThemeNotFound(ValueError):
    pass


@dataclass(frozen=True)
class Theme:
    name: str
    folders: tuple[Path, ...]
    """Theme folders, most specific first; each has templates/ and static/."""
    overrides: Path | None
    """The content folder's templates/, if any."""

    def template_dirs(self) -> list[Path]:
        dirs = [self.overrides] if self.overrides else []
        return dirs + [folder / "templates" for folder in self.folders]

    def static_files(self) -> dict[str, Path]:
        """static/ files by relative name; a more specific theme wins."""
        files: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        files[path.relative_to(static).as_posix()] = path
        return files

    def fingerprint_files(self) -> list[Path]:
        """Every file that can change what the theme renders (for the build cache)."""
        out = []
        for base in self.template_dirs():
            if base.is_dir():
                out.extend(sorted(p for p in base.rglob("*") if p.is_file()))
        out.extend(self.static_files().values())
        return out


def resolve_theme(name: str, content_root: Path) -> Theme:
    default = THEMES_DIR / "default"
    if name in BUILTIN_THEMES:
        chosen = THEMES_DIR / name
    else:
        chosen = (content_root / name).resolve()
        if not (chosen / "templates").is_dir():
            raise ThemeNotFound(f"theme {name!r} is neither {' nor '.join(BUILTIN_THEMES)} nor a folder with templates/ in it")
    folders = (chosen, default) if chosen != default else (default,)
    overrides = content_root / "templates"
    return Theme(name, folders, overrides if overrides.is_dir() else None)


def _clock(value: datetime) -> str:
    """A time as 24-hour HH:MM."""
    return value.strftime("%H:%M")


def _long_date(value: date) -> str:
    """A date written out in full, with the weekday."""
    return f"{value.strftime('%A')}, {value.strftime('%B')} {value.day}, {value.year}"


def _short_date(value: date) -> str:
    """A date in a few letters, with the weekday."""
    return f"{value.strftime('%a')} {value.strftime('%b')} {value.day}"


def _tel(value: str) -> str:
    """A tel: link for a phone number as people write it (spaces, dashes and brackets dropped)."""
    return "tel:" + "".join(ch for ch in value if ch.isdigit() or ch == "+")


def _plural(count: int, word: str, plural: str | None = None) -> str:
    """A count and a word, plural unless the count is 1; the second argument is an irregular plural."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def make_environment(theme: Theme) -> jinja2.Environment:
    # Imported here: `check`, `schema` and an up-to-date build resolve the theme but never template a page.
    import jinja2

    from generator.render.compiled import COMPILED
    from generator.render.markdown import plain_text, render_markdown
    from generator.render.names import named

    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in theme.template_dirs()])]
    # "default/..." always names the built-in default theme, so an override can extend what it replaces.
    loaders.append(jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(THEMES_DIR / "default" / "templates"))}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
    )
    env.filters.update(
        markdown=render_markdown,
        plain=plain_text,
        clock=_clock,
        long_date=_long_date,
        short_date=_short_date,
        tel=_tel,
        plural=_plural,
        named=named,
    )
    return env
