"""The YAML reader (generator/content/yaml.py): YAML 1.2 meaning, line numbers, and what it refuses."""

from __future__ import annotations

import time

import pytest

from generator.content.yaml import Document, YamlError, YamlFloat, YamlInt, decode, parse


def err(text: str, file: str = "f.yaml") -> YamlError:
    with pytest.raises(YamlError) as info:
        parse(text, file)
    return info.value


# ---- YAML 1.2 meaning ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["NO", "no", "No", "yes", "Yes", "YES", "on", "On", "off", "OFF", "y", "n", "Y", "N"]
)
def test_yaml_11_booleans_stay_strings(word: str) -> None:
    assert parse(f"a: {word}\n", "f.yaml").data == {"a": word}


@pytest.mark.parametrize(
    ("word", "value"), [("true", True), ("false", False), ("True", True), ("FALSE", False)]
)
def test_only_true_and_false_are_booleans(word: str, value: bool) -> None:
    data = parse(f"a: {word}\n", "f.yaml").data
    assert data["a"] is value


@pytest.mark.parametrize("word", ["~", "null", "Null", "NULL", ""])
def test_nulls(word: str) -> None:
    assert parse(f"a: {word}\n", "f.yaml").data == {"a": None}


def test_sexagesimal_time_stays_text() -> None:
    data = parse("t: 10:30\nu: 1:05:00\n", "f.yaml").data
    assert data == {"t": "10:30", "u": "1:05:00"}
    assert isinstance(data["t"], str)


def test_leading_zero_number_keeps_its_source_text() -> None:
    value = parse("zip: 012345\n", "f.yaml").data["zip"]
    assert isinstance(value, YamlInt)
    assert value == 12345  # YAML 1.2: decimal, never octal (YAML 1.1 would read 5349)
    assert value.source == "012345"


def test_float_keeps_its_source_text() -> None:
    value = parse("version: 1.10\n", "f.yaml").data["version"]
    assert isinstance(value, YamlFloat)
    assert value == 1.1
    assert value.source == "1.10"


@pytest.mark.parametrize(
    ("text", "value"),
    [("0o17", 15), ("0x1F", 31), ("+12", 12), ("-7", -7), ("1e3", 1000.0), (".5", 0.5)],
)
def test_core_schema_numbers(text: str, value: float) -> None:
    got = parse(f"a: {text}\n", "f.yaml").data["a"]
    assert got == value
    assert got.source == text


@pytest.mark.parametrize(
    "text", ["1_000", "0b101", "2027-03-08", "2027-03-08 09:30", "12:30:45.5", "0o19"]
)
def test_yaml_11_only_forms_stay_text(text: str) -> None:
    assert parse(f"a: {text}\n", "f.yaml").data == {"a": text}


def test_quoted_scalars_are_always_text() -> None:
    data = parse('a: "true"\nb: \'012\'\nc: "1.10"\n', "f.yaml").data
    assert data == {"a": "true", "b": "012", "c": "1.10"}
    assert all(type(v) is str for v in data.values())


def test_explicit_str_tag_gives_text() -> None:
    assert parse("a: !!str true\nb: !!str 3\n", "f.yaml").data == {"a": "true", "b": "3"}


# ---- line numbers -------------------------------------------------------------------------------


def test_lines_of_keys_and_list_items() -> None:
    doc = parse(
        "title: X\ntraveler:\n  name: A\nitems:\n  - one\n  - two: 2\n    three: 3\n", "f.yaml"
    )
    assert doc.lines[("title",)] == 1
    assert doc.lines[("traveler",)] == 2
    assert doc.lines[("traveler", "name")] == 3
    assert doc.lines[("items", 0)] == 5
    assert doc.lines[("items", 1)] == 6
    assert doc.lines[("items", 1, "three")] == 7


def test_missing_key_location_falls_back_to_its_mapping() -> None:
    doc = parse("a: 1\ntraveler:\n  email: x\n", "f.yaml")
    assert str(doc.location(("traveler", "name"))) == "f.yaml:2"
    assert str(doc.location(("nowhere", "deeper"))) == "f.yaml:1"


# ---- duplicates, aliases, tags -----------------------------------------------------------------


def test_duplicate_key_reported_at_the_second_key() -> None:
    e = err("name: A\ntitle: B\nname: C\n")
    assert e.location.file == "f.yaml"
    assert e.location.line == 3
    assert "duplicate key 'name'" in e.message
    assert "line 1" in e.message


def test_duplicate_key_in_nested_mapping_and_list_item() -> None:
    assert err("traveler:\n  name: A\n  email: x\n  name: B\n").location.line == 4
    assert err("- person: a\n  start: x\n- person: b\n  person: c\n").location.line == 4


def test_same_key_in_different_mappings_is_fine() -> None:
    assert parse("a:\n  name: 1\nb:\n  name: 2\n", "f.yaml").data == {
        "a": {"name": 1},
        "b": {"name": 2},
    }


def test_alias_refused_at_its_line() -> None:
    e = err("a: &x 1\nb: *x\n")
    assert e.location.line == 2
    assert "alias" in e.message


def test_merge_key_alias_refused() -> None:
    assert "alias" in err("base: &b {x: 1}\nother:\n  <<: *b\n").message


def test_billion_laughs_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    started = time.perf_counter()
    e = err("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert e.location.line == 2


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !!python/object:collections.OrderedDict {}\n",
        "a: !custom thing\n",
        "a: !!binary aGVsbG8=\n",
    ],
)
def test_tags_refused(text: str) -> None:
    e = err(text)
    assert e.location.line == 1
    assert "tags" in e.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    assert "nested" in err("x: " + "[" * 100 + "]" * 100 + "\n").message
    assert "nested" in err("x: " + "[" * 20000 + "]" * 20000 + "\n").message


# ---- structure and syntax ----------------------------------------------------------------------


def test_several_documents_refused() -> None:
    e = err("a: 1\n---\nb: 2\n")
    assert e.location.line == 2
    assert "several YAML documents" in e.message


def test_one_document_with_explicit_markers_is_fine() -> None:
    assert parse("---\na: 1\n...\n", "f.yaml").data == {"a": 1}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file_gives_no_data(text: str) -> None:
    doc = parse(text, "f.yaml")
    assert isinstance(doc, Document)
    assert doc.data is None


def test_tab_indentation_reported_with_line_and_advice() -> None:
    e = err("a:\n  b: 1\nc:\n\td: 2\n")
    assert e.location.line == 4
    assert "tab" in e.message


def test_tab_inside_a_quoted_value_is_fine() -> None:
    assert parse('a: "x\ty"\n', "f.yaml").data == {"a": "x\ty"}


def test_tab_after_a_value_is_not_called_indentation() -> None:
    try:
        data = parse("name: Jordan\t\ntitle: x\n", "f.yaml").data
    except YamlError as e:
        assert "indentation" not in e.message
    else:
        assert data == {"name": "Jordan", "title": "x"}


def test_bad_indentation_reported_with_line() -> None:
    e = err("a: |\n  text\n b: 2\n")
    assert e.location.line == 3
    assert e.message.startswith("invalid YAML")


def test_unclosed_flow_list_reported() -> None:
    e = err("a: [1, 2\nb: 3\n")
    assert e.location.line == 1  # where the [ opens


def test_unclosed_quote_is_an_error() -> None:
    e = err('name: "Jordan\ntitle: Director\n')
    assert e.message.startswith("invalid YAML")


def test_unclosed_quote_points_at_the_opening_quote() -> None:
    assert err('name: "Jordan\ntitle: Director\n').location.line == 1


def test_non_text_mapping_key_refused() -> None:
    assert "mapping key" in err("? [a, b]\n: 1\n").message


def test_crlf_line_endings() -> None:
    doc = parse(decode(b"a: 1\r\nb: NO\r\nc:\r\n  d: x\r\n", "f.yaml"), "f.yaml")
    assert doc.data == {"a": 1, "b": "NO", "c": {"d": "x"}}
    assert doc.lines[("c", "d")] == 4


def test_bom_accepted() -> None:
    text = decode("\ufeffname: José\n".encode(), "f.yaml")
    assert parse(text, "f.yaml").data == {"name": "José"}


def test_invalid_utf8_reported_with_its_line() -> None:
    with pytest.raises(YamlError) as info:
        decode(b"a: 1\nb: 2\nc: caf\xe9\n", "people/x.yaml")
    assert str(info.value.location) == "people/x.yaml:3"
    assert "UTF-8" in info.value.message


def test_yaml_error_prints_as_path_line() -> None:
    assert str(err("a: 1\na: 2\n", "people/jo.yaml")).startswith("people/jo.yaml:2: ")
