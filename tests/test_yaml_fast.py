"""LibYAML parses the content (about ten times faster); PyYAML's own parser still owns every message.

Both must give the same data, types and line numbers, and every refusal must read as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import yaml as content_yaml
from generator.content.yaml import YamlError, YamlFloat, YamlInt, _careful_parse, parse

REPO = Path(__file__).resolve().parents[1]
SAMPLES = sorted((REPO / "content").rglob("*.yaml")) + sorted(
    (REPO / "generator" / "data").rglob("*.yaml")
)
TRICKY = [
    "x: 010\ny: 0o17\nz: 1.10\nw: NO\nv: 10:30\nt: true\nn: ~\nf: -.inf\nq: '12'\n",
    "'a': 1\n\"b\": [x, 'y', {c: 2}]\nlong: >\n  folded\n  text\nkeep: |\n  a\n  b\n",
    "- person: a\n  start: 2027-03-08 09:30\n- person: b\n",
]
BAD = [
    "a: &x 1\nb: *x\n",
    "a: &x [1]\nb: *x\n",
    "a: 1\na: 2\n",
    "a:\n\t- b\n",
    "a: 1\n---\nb: 2\n",
    "a: !!python/object x\n",
    "k: [1, 2\n",
    "a: b: c\n",
    "[1, 2]: x\n",
]


def _seen(doc: content_yaml.Document) -> tuple[str, dict]:  # type: ignore[type-arg]
    def typed(value: object) -> object:
        if isinstance(value, dict):
            return {k: typed(v) for k, v in value.items()}
        if isinstance(value, list):
            return [typed(v) for v in value]
        return (type(value).__name__, getattr(value, "source", None), value)

    return repr(typed(doc.data)), doc.lines


@pytest.mark.skipif(not content_yaml._FastLoader, reason="PyYAML without LibYAML")
@pytest.mark.parametrize("text", [path.read_text(encoding="utf-8") for path in SAMPLES] + TRICKY)
def test_the_fast_parser_reads_what_the_careful_one_does(text: str) -> None:
    assert _seen(parse(text, "f.yaml")) == _seen(_careful_parse(text, "f.yaml"))


@pytest.mark.parametrize("text", BAD)
def test_every_refusal_reads_as_the_careful_parser_says_it(text: str) -> None:
    with pytest.raises(YamlError) as careful:
        _careful_parse(text, "f.yaml")
    with pytest.raises(YamlError) as fast:
        parse(text, "f.yaml")
    assert str(fast.value) == str(careful.value)


def test_numbers_keep_their_text() -> None:
    data = parse("a: 012\nb: 1.10\n", "f.yaml").data
    assert isinstance(data["a"], YamlInt) and data["a"].source == "012"
    assert isinstance(data["b"], YamlFloat) and data["b"].source == "1.10"
