"""Reading one file of a content folder: its text (only regular files inside the folder, of a
bounded size), its YAML document and models, with every problem a located finding rather than an
exception."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.fields import describe_validation_error
from generator.content.folders import entry_problem
from generator.content.names import slug_of
from generator.content.scalars import SLUG_RE, bounded_inline, bounded_markup, bounded_nesting
from generator.content.yaml import Document, YamlError, decode, parse
from generator.errors import FindingList, Location

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 2_000_000


class Reader:
    """One pass over a content folder; `findings` holds what went wrong."""

    def __init__(self, root: Path, display: str):
        self.root = root
        self.display = display.rstrip("/") or "."
        self.findings = FindingList()
        self.real_root = Path(os.path.realpath(root))
        self.reported: set[Path] = set()
        """Paths the folder rule already refused (folders.py): not reported twice, never read."""

    def name(self, path: Path) -> str:
        return f"{self.display}/{path.relative_to(self.root).as_posix()}"

    def location(self, path: Path, line: int = 1) -> Location:
        return Location(self.name(path), line)

    # ---- files ----

    def inside(self, path: Path) -> bool:
        """The folder rule (folders.py) for one file infoprep is about to read: a regular file, or a
        link to one, inside the content folder."""
        if path in self.reported:
            return False
        problem = entry_problem(path, self.real_root)
        if problem is None:
            return True
        self.reported.add(path)
        self.findings.error(self.location(path), f"this {problem}")
        return False

    def read_text(self, path: Path) -> str | None:
        if not self.inside(path):
            return None
        try:
            raw = path.read_bytes()
        except OSError as exc:
            self.findings.error(self.location(path), f"cannot read the file: {exc.strerror or exc}")
            return None
        if len(raw) > MAX_FILE_BYTES:
            self.findings.error(
                self.location(path),
                f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
            )
            return None
        try:
            return decode(raw, self.name(path))
        except YamlError as exc:
            self.findings.error(exc.location, exc.message)
            return None

    def document(self, path: Path) -> Document | None:
        text = self.read_text(path)
        if text is None:
            return None
        try:
            doc = parse(text, self.name(path))
        except YamlError as exc:
            self.findings.error(exc.location, exc.message)
            return None
        if doc.data is None:
            self.findings.error(self.location(path, 1), "the file is empty")
            return None
        return doc

    # ---- models ----

    def model(
        self, model: type[M], doc: Document, data: Any, prefix: tuple[Any, ...] = ()
    ) -> M | None:
        if not isinstance(data, dict):
            self.findings.error(
                doc.location(prefix),
                f"expected a mapping of keys to values here, found {_kind(data)}",
            )
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for loc, message in describe_validation_error(model, exc):
                self.findings.error(doc.location((*prefix, *loc)), message)
            return None

    def mapping_file(self, model: type[M], path: Path) -> tuple[M, Document] | None:
        doc = self.document(path)
        if doc is None:
            return None
        item = self.model(model, doc, doc.data)
        return (item, doc) if item is not None else None

    def list_file(self, model: type[M], doc: Document) -> list[tuple[M, int]]:
        if not isinstance(doc.data, list):
            self.findings.error(
                doc.location(),
                f"expected a list of items (each starting with '- '), found {_kind(doc.data)}",
            )
            return []
        items = []
        for index, data in enumerate(doc.data):
            item = self.model(model, doc, data, (index,))
            if item is not None:
                items.append((item, index))
        return items

    def side_car(self, yaml_path: Path) -> str:
        md = yaml_path.with_suffix(".md")
        if not md.exists():
            return ""
        text = self.read_text(md) or ""
        try:
            return bounded_inline(bounded_markup(bounded_nesting(text)))
        except ValueError as exc:
            self.findings.error(
                self.location(md, getattr(exc, "line", 1)), str(exc).replace(" of this text", "")
            )
            return ""

    def profiles(self, folder: str) -> list[Path]:
        """The .yaml files of people/ or companies/, each name checked to be a slug."""
        base = self.root / folder
        if not base.is_dir():
            return []
        found = []
        for path in sorted(base.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix == ".yml":
                self.findings.error(self.location(path), "name the file with .yaml, not .yml")
            elif path.suffix == ".md":
                if not path.with_suffix(".yaml").exists():
                    self.findings.warning(
                        self.location(path),
                        f"notes with no {path.stem}.yaml beside them are not used",
                    )
            elif path.suffix != ".yaml":
                self.findings.warning(self.location(path), "not a .yaml or .md file; ignored")
            elif not SLUG_RE.match(path.stem):
                self.findings.error(
                    self.location(path),
                    f"file name {path.stem!r} is not a slug: use lower-case letters, digits and "
                    f"'-', e.g. {slug_of(path.stem, 'name')!r}",
                )
            elif self.inside(path):
                found.append(path)
        return found


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the value {str(value)[:40]!r}"
