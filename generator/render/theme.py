"""Themes: an ordered list of folders behind one Jinja environment.

Search order is the content's own templates/, then the chosen theme, then the default theme, so a
user overrides one file and inherits the rest. A template can extend the one it overrides with `{%
extends "default/packet.html" %}`. Every filter is registered here, once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from generator.content.folders import Problem, files, walk
from generator.plan.dates import DateStyle

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

    from generator.content.catalog import Words
    from generator.render.markdown import Notes
    from generator.render.sandbox import TemplateSandbox

THEMES_DIR = Path(str(resources.files("generator.themes")))
"""The repository's themes/ folder, installed as the package `generator.themes` so a wheel finds
it."""

BUILTIN_THEMES = ("default", "compact")
BUILTIN_FOLDERS = tuple(THEMES_DIR / name for name in BUILTIN_THEMES)


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
        """static/ files by relative name; a more specific theme wins.

        Only regular files that stay inside the theme folder (content/folders.py): `problems` names
        the rest.
        """
        found: dict[str, Path] = {}
        for folder in reversed(self.folders):
            static = folder / "static"
            if static.is_dir() and not static.is_symlink():
                for path in files(static):
                    found[path.relative_to(static).as_posix()] = path
        return found

    def template_text(self, name: str) -> str:
        """A file of templates/ as it is (not rendered): the content's override, else the theme's,
        else the default theme's.

        For code a theme may replace but that is no Jinja template (the service worker).
        """
        for folder in self.template_dirs():
            path = folder / name
            if path.is_file():
                return path.read_text(encoding="utf-8")
        return (THEMES_DIR / "default" / "templates" / name).read_text(encoding="utf-8")

    def problems(self) -> list[Problem]:
        """What the folder rule refuses in the theme's folders (a link out of them, a FIFO...): each
        an error."""
        out: list[Problem] = [
            p
            for folder in self.folders
            if folder not in BUILTIN_FOLDERS
            for p in walk(folder, frozenset({"templates", "static"}), folder="the theme folder")
        ]
        return [p for p in out if p.read]

    def inputs(self) -> dict[str, Path]:
        """The files that shape what the theme renders, by a name that does not depend on where
        infoprep or the content folder is (for the build stamp):
        "theme/default/templates/packet.html", "templates/x.html"..."""
        named = {}
        for path in self.fingerprint_files():
            for base, label in (
                (THEMES_DIR, "theme"),
                *((folder, f"theme-{i}") for i, folder in enumerate(self.folders)),
            ):
                if path.is_relative_to(base):
                    named[f"{label}/{path.relative_to(base).as_posix()}"] = path
                    break
            else:
                name = path.relative_to(self.overrides).as_posix() if self.overrides else path.name
                named[f"overrides/{name}"] = path
        return named

    def fingerprint_files(self) -> list[Path]:
        """Every file that can change what the theme renders (for the build cache)."""
        out: list[Path] = []
        for base in self.template_dirs():
            if base.is_dir():
                out.extend(files(base))
        out.extend(self.static_files().values())
        return out


def resolve_theme(name: str, content_root: Path) -> Theme:
    """A built-in theme, an installed theme package (entry point `infoprep.themes`), or a folder
    inside the content folder: a theme anywhere else on the disk is refused, since a shared trip
    could name any folder."""
    default = THEMES_DIR / "default"
    if name in BUILTIN_THEMES:
        chosen = THEMES_DIR / name
    elif (installed := installed_themes().get(name)) is not None:
        chosen = installed
    else:
        chosen = Path(os.path.realpath(content_root / name))
        if not chosen.is_relative_to(Path(os.path.realpath(content_root))):
            raise ThemeNotFound(
                f"theme {name!r} is outside the content folder; copy the theme folder into it (a "
                "theme is code the build "
                f"runs), or install it as a theme package"
            )
        if not (chosen / "templates").is_dir():
            raise ThemeNotFound(
                f"theme {name!r} is neither {' nor '.join(BUILTIN_THEMES)} nor a folder with "
                "templates/ in it"
            )
    folders = (chosen, default) if chosen != default else (default,)
    overrides = content_root / "templates"
    return Theme(name, folders, overrides if overrides.is_dir() else None)


def installed_themes() -> dict[str, Path]:
    """Themes installed as Python packages: an entry point in group `infoprep.themes` naming a
    package whose folder holds templates/ (and static/), e.g.
    `[project.entry-points."infoprep.themes"] harbor = "infoprep_harbor"`."""
    from importlib.metadata import entry_points

    found = {}
    for point in entry_points(group="infoprep.themes"):
        try:
            folder = Path(str(resources.files(point.value)))
        except (ModuleNotFoundError, TypeError, ValueError):
            continue
        if (folder / "templates").is_dir():
            found[point.name] = folder
    return found


def _clock(value: datetime) -> str:
    """A time as 24-hour HH:MM."""
    return value.strftime("%H:%M")


def _tel(value: str, country: str | None = None) -> str:
    """A tel: link in E.164 for a phone number as people write it, read in `country` (pass
    `country`, the trip's)."""
    from generator.content.phones import tel_href

    return tel_href(value, country)


_POSTCODES = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}"  # United Kingdom: SE1 7EH, EC2V 7JE
    r"|[A-Z]\d[A-Z] \d[A-Z]\d"  # Canada: K1A 0B1
    r"|\d{4} [A-Z]{2}"  # Netherlands: 1012 AB
    r"|[A-Z]{2} \d{5}(?:-\d{4})?"  # a US state and ZIP code: DC 20004
    r"|\d{4,5} [^\W\d_][\w'’-]*)\b"  # with its town's first word: 92800 Puteaux, 8001 Zürich
)


def keep_postcode(value: str) -> str:
    """An address with its postcode kept on one line (a no-break space inside "SE1 7EH"): a postcode
    split over two lines on a printed cover is misread."""
    return _POSTCODES.sub(lambda m: m.group(0).replace(" ", "\u00a0"), value)


def _phone(value: str, country: str | None = None) -> str:
    """A phone number formatted for reading: national format in `country` (pass `country`, the
    trip's), else international."""
    from generator.content.phones import display_phone

    return display_phone(value, country)


def _template_gettext(words: Words):  # type: ignore[no-untyped-def]
    """The catalog's gettext and ngettext for templates.

    Jinja takes a translation for markup (a catalog is code we ship); a trip's own `translations:`
    are content, so on an HTML page they are escaped like any other text.
    """
    from jinja2 import pass_context
    from markupsafe import escape

    def guarded(context, message: str, text: str) -> str:  # type: ignore[no-untyped-def]
        return (
            str(escape(text))
            if context.eval_ctx.autoescape and message in words.overrides
            else text
        )

    @pass_context
    def gettext(context, message: str) -> str:  # type: ignore[no-untyped-def]
        return guarded(context, message, words.gettext(message))

    @pass_context
    def ngettext(  # type: ignore[no-untyped-def]
        context, singular: str, plural: str, count: int
    ) -> str:
        return guarded(context, singular, words.ngettext(singular, plural, count))

    return gettext, ngettext


def _plural(words: Words):  # type: ignore[no-untyped-def]
    def plural(count: int, word: str, plural: str | None = None) -> str:
        """A count and an English word, through the catalog's plural forms (`{{ n|plural("day") }}`,
        for themes written before `{% trans count=n %}`; the theme's own templates use `{% trans
        %}`)."""
        return f"{count} {words.ngettext(word, plural or word + 's', count)}"

    return plural


def _css_string(value: str) -> Markup:
    """Text as a quoted CSS string for a <style> block (base.html's "Page 1 of 9" in the page's
    language): every character that could end the string or the block is a CSS escape."""
    from markupsafe import Markup

    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;!?-()'" else f"\\{ord(ch):x} " for ch in str(value)
    )
    return Markup(f'"{escaped}"')


class CompiledTemplates:
    """Templates compiled by one process, kept in its memory for its next builds (`serve` holds one:
    compiling the theme is most of a pages pass).

    Jinja checks each entry against its template's source, so an edited template compiles again.
    Never written to disk: the build cache is untrusted, and this is code.
    """

    def __init__(self) -> None:
        import jinja2

        class Memory(jinja2.BytecodeCache):
            def __init__(self) -> None:
                self.codes: dict[str, bytes] = {}

            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if (code := self.codes.get(bucket.key)) is not None:
                    bucket.bytecode_from_string(code)

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                self.codes[bucket.key] = bucket.bytecode_to_string()

        self.cache: jinja2.BytecodeCache = Memory()


def make_environment(
    theme: Theme,
    notes: Notes | None = None,
    dates: DateStyle | None = None,
    words: Words | None = None,
    compiled: CompiledTemplates | None = None,
) -> TemplateSandbox:
    """The one environment of a build: `notes` converts its Markdown (through the build's memo),
    `dates` writes its dates (the trip's formats, plan.dates), `words` its phrases (`_()`, `{% trans
    %}`: content/catalog.py), `compiled` keeps the compiled templates for the next build."""
    # Imported here: `check`, `schema` and an up-to-date build resolve the theme but never template
    # a page.
    import jinja2

    from generator.content.catalog import Words
    from generator.render.markdown import Notes
    from generator.render.names import named
    from generator.render.sandbox import TemplateSandbox
    from generator.render.script_words import script_words

    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader([str(d) for d in theme.template_dirs()])
    ]
    # "default/..." always names the built-in default theme, so an override can extend what it
    # replaces.
    loaders.append(
        jinja2.PrefixLoader(
            {"default": jinja2.FileSystemLoader(str(THEMES_DIR / "default" / "templates"))}
        )
    )
    # One sandboxed environment for every template, the theme's own included: a shared trip's
    # templates/ or theme folder is someone else's code, and the sandbox is what keeps it from
    # running any (render/sandbox.py).
    env = TemplateSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            ["html", "xml", "svg"], default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=compiled.cache if compiled is not None else None,
        # One environment a build: a template edited while it runs is caught by the theme's
        # digest (build._template), not by a stat of its file at every draft (~3,000 a build).
        auto_reload=False,
    )
    words = words or Words()
    gettext, ngettext = _template_gettext(words)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.trust(gettext, ngettext)
    env.globals["lang"] = words.language.tag
    env.globals["script_words"] = script_words(words)
    notes = notes or Notes()
    env.filters.update(
        markdown=notes.html,
        plain=notes.plain,
        clock=_clock,
        tel=_tel,
        phone=_phone,
        address=keep_postcode,
        plural=_plural(words),
        translated=words.gettext,
        named=named,
        css_string=_css_string,
    )
    dates = dates or DateStyle()
    env.filters.update(
        short_date=dates.short_date,
        long_date=dates.long_date,
        medium_date=dates.medium_date,
        day_heading=dates.day_heading,
        weekday=dates.weekday,
        date_range=dates.date_range,
        number=dates.number,
    )
    env.bounded_filters()
    return env
