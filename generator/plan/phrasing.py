"""Notes about someone turned into words addressed to them, for the thank-you draft.

A debrief is written about the person ("They hire 4-6 engineers a year", "Get the EIT before
applying"); a thank-you speaks to them ("Your point about getting the EIT before applying",
"hearing that you hire 4-6 engineers a year"). These rules cover what debrief notes usually
look like: advice as an imperative or a statement, facts with they/he/she. What they cannot
read is left as written, behind "that", which still reads as a sentence.
"""

from __future__ import annotations

VERBS = frozenset(
    ["apply", "ask", "attend", "avoid", "be", "become", "begin", "bring", "build", "call", "check", "choose", "come", "consider", "contact", "focus", "follow", "find", "get", "give", "go", "highlight", "improve", "join", "keep", "lead", "learn", "leave", "let", "look", "make", "meet", "mention", "move", "network", "offer", "pick", "plan", "practice", "practise", "prepare", "present", "publish", "put", "read", "reach", "register", "reply", "run", "say", "see", "send", "set", "share", "show", "sign", "speak", "spend", "start", "stay", "stop", "study", "submit", "take", "talk", "target", "tell", "think", "track", "try", "use", "visit", "volunteer", "wait", "watch", "work", "write", "update", "aim", "emphasise", "emphasize", "frame", "lean", "skip", "get", "pitch", "polish", "quantify", "rewrite", "revise", "tailor", "treat"]
)
"""Verbs that open advice ("Get the EIT first", "Talk to Sam"): read as an imperative."""
_DOUBLE = frozenset(["get", "set", "put", "run", "sit", "stop", "plan", "skip", "chat", "swap", "step", "grab", "prep", "admit", "commit", "submit", "refer", "prefer", "begin", "forget", "drop", "ship", "shop"])
"""Verbs whose last consonant doubles before -ing."""
_LOWER_FIRST = frozenset(["they", "he", "she", "it", "there", "this", "that", "the", "a", "an", "their", "his", "her", "its", "our", "we", "you", "most", "many", "some", "every", "each", "all", "both", "no", "one", "two", "three", "several", "few", "these", "those", "new"])
"""First words that are not names, so they can start a clause in lower case."""
_SUBJECT = {"they": "you", "he": "you", "she": "you"}
_OBJECT = {"them": "you", "him": "you", "their": "your", "his": "your", "theirs": "yours", "themselves": "yourselves",
           "himself": "yourself", "herself": "yourself", "they're": "you're", "they've": "you've", "they'd": "you'd",
           "they'll": "you'll", "he's": "you're", "she's": "you're"}
_SINGULAR = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't"}


def gerund(verb: str) -> str:
    """get -> getting, apply -> applying, write -> writing, see -> seeing, lie -> lying."""
    lower = verb.casefold()
    if lower == "be":
        return "being"
    if lower in _DOUBLE:
        return lower + lower[-1] + "ing"
    if lower.endswith("ie"):
        return lower[:-2] + "ying"
    if lower.endswith("e") and not lower.endswith(("ee", "ye", "oe")):
        return lower[:-1] + "ing"
    return lower + "ing"


def _clean(text: str) -> str:
    return " ".join(text.split()).rstrip(" .;!")


def _first_lower(text: str) -> str:
    first, _, rest = text.partition(" ")
    if first.casefold() in _LOWER_FIRST or first.casefold() in VERBS:
        return first[:1].lower() + first[1:] + (" " + rest if rest else "")
    return text


def _present_plural(word: str) -> str:
    """The verb after "you" for one written after he or she: "runs" -> "run", "has" -> "have"."""
    lower = word.casefold()
    if lower in _SINGULAR:
        return _SINGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return lower[:-1]
    return word


def to_you(text: str) -> str:
    """A statement about them, addressed to them: "They hire in October" -> "you hire in October"."""
    words = _clean(text).split(" ")
    out = []
    previous_singular = False
    for word in words:
        bare = word.strip(",;:()").casefold()
        if bare in _SUBJECT:
            out.append(word.replace(word.strip(",;:()"), "you"))
            previous_singular = bare in ("he", "she")
            continue
        if bare in _OBJECT:
            out.append(word.replace(word.strip(",;:()"), _OBJECT[bare]))
        elif bare == "her":  # her team (your) or asked her (you): before a noun it is "your"
            out.append(word.replace(word.strip(",;:()"), "your" if word == word.strip(",;:()") else "you"))
        elif previous_singular:
            out.append(_present_plural(word))
        else:
            out.append(word)
        previous_singular = False
    return _first_lower(" ".join(out))


def advice_clause(text: str) -> str:
    """"Get the EIT before applying" -> "your point about getting the EIT before applying"; a statement ("The PE
    matters more than the MBA") -> "your point that the PE matters more than the MBA"."""
    clean = _clean(text)
    first, _, rest = clean.partition(" ")
    if first.casefold() in VERBS:
        return "your point about " + gerund(first) + (" " + to_you(rest) if rest else "")
    return "your point that " + to_you(clean)


def learned_clause(text: str) -> str:
    """"They hire 4-6 new engineers a year" -> "hearing that you hire 4-6 new engineers a year"."""
    return "hearing that " + to_you(text)


def promise_clause(text: str) -> str | None:
    """"Send my flow data and the model" -> "send my flow data and the model", to follow "I will"; None when the promise
    does not start with a verb (then the draft leaves it out rather than garble it)."""
    clean = _clean(text)
    first = clean.split(" ", 1)[0]
    if first.casefold() not in VERBS:
        return None
    return first[:1].lower() + clean[1:]
