"""Content from someone else (issue 13): a shared trip, theme or template override must never run its code,
read a file outside its folder, or hang the build.

Each case is a known escape from Jinja templates or a payload a careful reviewer would try; each must end
as a located error (`templates/x.html:LINE: error: ...`), exit 1, no traceback, the old output untouched,
and nothing run: every payload that would run a command would create a marker file, which must not exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from adversarial.helpers import Guard, Workspace, cli, refused

MARKER = "/tmp/infoprep-owned-{n}"

ESCAPES = [
    # The two of the review, then the classic ones: through Jinja's globals, through the str class, through
    # format strings, through `attr`, through the template reference, through objects of the context.
    "{{ cycler.__init__.__globals__.os.popen('touch MARK').read() }}",
    "{{ lipsum.__globals__['__builtins__']['open']('/etc/hostname').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch MARK') }}",
    "{{ namespace.__init__.__globals__.os.system('touch MARK') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''|attr('__class__')|attr('__mro__') }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch MARK') }}",
    "{{ range.__self__ }}",
    "{{ page.trip.parse_file('/etc/hostname') }}",
    "{{ page.trip.model_validate_json('{}') }}",
    "{{ page.__class__.__init__.__globals__ }}",
    "{% set x = [] %}{{ x.append(1) }}",
    "{{ ('a' * 1000) * 1000000 }}",
    "{{ 'a'.center(1000000000) }}",
    "{{ 'a'|center(100000000) }}",
    "{{ 9 ** 9999999 }}",
]


@pytest.mark.parametrize("number", range(len(ESCAPES)))
def test_a_template_override_cannot_escape_the_sandbox(ws: Workspace, number: int) -> None:
    marker = Path(MARKER.format(n=number))
    marker.unlink(missing_ok=True)
    payload = ESCAPES[number].replace("MARK", str(marker))
    lines = _default("network.html").splitlines()
    at = lines.index("{% block main %}") + 1
    lines.insert(at, payload)
    ws.write("templates/network.html", "\n".join(lines) + "\n")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    refused(ran, guard, f"content/templates/network.html:{at + 1}: error: template error: ")
    assert not marker.exists(), "the template ran a command"
    assert Path("/etc/hostname").read_text().strip() not in ran.output


def test_a_draft_override_cannot_escape_either(ws: Workspace) -> None:
    ws.write("templates/drafts/outreach.txt", "Dear {{ draft.first_name }},\n{{ cycler.__init__.__globals__.os.getcwd() }}\n")
    guard = Guard(ws)  # Kim Park is still to ask: the network page drafts her outreach message
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    refused(ran, guard, "content/templates/drafts/outreach.txt:2: error: template error: ")


def test_a_theme_folder_is_sandboxed_too(ws: Workspace) -> None:
    ws.write("mytheme/templates/itinerary.html", _default("itinerary.html").replace(
        "{% block main %}", "{% block main %}{{ lipsum.__globals__['__builtins__'] }}", 1
    ))
    ws.edit("trip.yaml", "title:", "theme: mytheme\ntitle:")
    guard = Guard(ws)
    ran = cli("build", "content", "-o", "out", "--no-pdf")
    refused(ran, guard, "content/mytheme/templates/itinerary.html:")
    assert "error: template error: " in ran.stderr


def test_no_context_value_reaches_the_file_system() -> None:
    """Every object a page or draft template can reach, walked attribute by attribute: none is a path, a module
    or a class, so no method of one can be called."""
    import dataclasses
    import types
    from pathlib import PurePath

    from fixtures.mini_trip import MINI, TODAY
    from pydantic import BaseModel

    from generator.build import load_and_plan
    from generator.render.drafts import Drafts
    from generator.render.pages import PageBuilder
    from generator.render.paths import Paths
    from generator.render.theme import make_environment

    _, plan, theme = load_and_plan(MINI, TODAY)
    builder = PageBuilder(plan, Paths(), Drafts(make_environment(theme), plan.trip.info), True, False)
    roots: list[object] = [builder.itinerary(), builder.network(), builder.followups(), builder.pocket()]
    roots += [builder.packet(p) for p in plan.packets]
    seen: set[int] = set()
    bad: list[str] = []

    def walk(value: object, where: str, depth: int = 0) -> None:
        if id(value) in seen or depth > 40:
            return
        seen.add(id(value))
        if isinstance(value, (PurePath, types.ModuleType, type)):
            bad.append(where)
            return
        if isinstance(value, (str, int, float, bool, type(None))):
            return
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}[{key!r}]", depth + 1)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", depth + 1)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                walk(getattr(value, field.name), f"{where}.{field.name}", depth + 1)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{where}.{name}", depth + 1)

    for root in roots:
        walk(root, type(root).__name__)
    assert bad == []


def _default(name: str) -> str:
    from generator.render.theme import THEMES_DIR

    return (THEMES_DIR / "default" / "templates" / name).read_text(encoding="utf-8")
