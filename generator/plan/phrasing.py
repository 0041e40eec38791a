"""Debrief notes in a draft: quoted as the traveler wrote them, and promises said to the person they
are about.

A debrief is written about the person ("Product reports to their CMO", "Don't do the MSc first").
Rewriting such notes into the second person by rule gave "reports to your" and "your point that
don't do the MSc first" in drafts sent to real people, so nothing here rewrites free text: a
thank-you quotes a note as written (only a closing full stop is added when it has none). A promise
is the one exception, because it follows "I will" in a message to the very person it is about: the
recipient's own name there becomes "you" ("Send Ananya my teardown" -> "send you my teardown"), and
so does "him" or "her" used as an object ("Introduce her to Tom" -> "introduce you to Tom");
anything else stays as written."""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.content.names import scripts_in

_VERBS_WORDS = """
    add apply ask attend book bring build call check connect contact copy do draft e-mail email
    find finish follow forward get give go introduce invite join keep learn let look mail make
    meet mention message pass ping plan post practise practice prepare put read reach register
    reply research review revise rewrite ring run see send set share show sign start study
    submit take talk tell text think try update visit watch work write
"""
VERBS = frozenset(_VERBS_WORDS.split())
"""Verbs a promise opens with ("Send my flow data", "Introduce her to Tom"): such a promise follows
"I will"."""

_OBJECT_BEFORE_WORDS = """
    the a an my our some that this these those to about on in with by before after when once any
    more all both what how why
"""
_OBJECT_BEFORE = frozenset(_OBJECT_BEFORE_WORDS.split())
"""Words after "her" that show it is an object ("send her the deck"), not a possessive ("send her
team ...")."""

_END = ".!?…\"'”’»)。！？」』）"

_KANJI_KANA = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA"})
"""Scripts whose sentences take no Latin full stop."""


def sentence(text: str) -> str:
    """A note as written, on one line, ending like a sentence: a full stop is added only when it has
    no closing punctuation, and never after Chinese characters or kana (a Japanese quotation ends
    without one, and an ASCII "." after 書くこと reads as a typo).

    Used inside quotation marks, so the traveler's words reach the recipient unchanged.
    """
    clean = " ".join(text.split())
    if (
        not clean
        or clean.endswith(tuple(_END))
        or _KANJI_KANA.issuperset(scripts_in(clean[-1]) or [""])
    ):
        return clean
    return clean + "."


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    variants = sorted(
        {" ".join(n.split()) for n in names if n and n.strip()}, key=len, reverse=True
    )
    if not variants:
        return None
    alternatives = "|".join(re.escape(v) for v in variants)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?P<possessive>['’]s)?(?![\w])")


def _objects_to_you(words: list[str]) -> list[str]:
    out = []
    for i, word in enumerate(words):
        bare = word.rstrip(",;:.")
        tail = word[len(bare) :]
        nxt = words[i + 1].casefold().strip(",;:.") if i + 1 < len(words) else ""
        if bare.casefold() == "him" or (
            bare.casefold() == "her" and (not nxt or tail or nxt in _OBJECT_BEFORE)
        ):
            out.append("you" + tail)
        else:
            out.append(word)
    return out


def promise_clause(text: str, recipient: Iterable[str] = ()) -> str | None:
    """The promise after "I will", said to `recipient` (the names they go by): "Send Ananya my
    teardown" -> "send you my teardown".

    None when it does not open with a verb ("Flow data for Meera"): the draft then leaves it out
    rather than write "I will flow data".
    """
    clean = " ".join(text.split()).rstrip(" .;!")
    first = clean.split(" ", 1)[0]
    if first.casefold() not in VERBS:
        return None
    pattern = _name_pattern(recipient)
    if pattern is not None:
        clean = pattern.sub(lambda m: "your" if m.group("possessive") else "you", clean)
    words = _objects_to_you(clean.split(" "))
    said = " ".join(words)
    return said[:1].lower() + said[1:]
