"""People's names in HTML, marked with their language where the content gives it (`name_lang`).

A screen reader reads a page in the page's language; "박재원" or "Aisling Ní Bhriain" read with
English rules come out wrong. Marking the name with `lang` lets it switch voice for it. A name often
carries two forms, "박재원 Jae-won Park": then only the words written in another script than
Latin are marked, so the Latin romanisation is still read as the rest of the page is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from generator.content.models import PersonFile
from generator.content.names import scripts_in

_WORDS = re.compile(r"(\s+)")


def _scripts(word: str) -> tuple[bool, bool]:
    """(has Latin letters, has letters of another script)."""
    scripts = scripts_in(word)
    return "LATIN" in scripts, any(script != "LATIN" for script in scripts)


def person_name(name: str, lang: str | None) -> Markup:
    """The name as HTML: escaped, and in `<span lang>` where `lang` says what language it is in."""
    if not lang:
        return Markup(escape(name))
    parts = _WORDS.split(name)
    kinds = [_scripts(part) for part in parts]
    mixed = any(latin for latin, _ in kinds) and any(other and not latin for latin, other in kinds)
    if not mixed:
        return Markup('<span lang="{}">{}</span>').format(lang, name)
    out: list[str] = []
    run: list[str] = []
    """Words of the other script (and the spaces between them) waiting to be marked as one span."""
    pending_space = ""
    for part, (latin, other) in zip(parts, kinds, strict=True):
        if part.isspace() or not part:
            if run:
                pending_space += part
            else:
                out.append(str(escape(part)))
            continue
        if other and not latin:
            run.append(pending_space + part)
            pending_space = ""
            continue
        if run:
            out.append(str(Markup('<span lang="{}">{}</span>').format(lang, "".join(run))))
            run = []
        out.append(str(escape(pending_space + part)))
        pending_space = ""
    if run:
        out.append(str(Markup('<span lang="{}">{}</span>').format(lang, "".join(run))))
    out.append(str(escape(pending_space)))
    return Markup("".join(out))


def named(profile: PersonFile) -> Markup:
    """A person's name, marked with its language when the content gives one: `{{
    person.profile|named }}`."""
    return person_name(profile.name, profile.name_lang)
