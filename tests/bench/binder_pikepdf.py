"""The tagged binder on pikepdf, against ours: time, size, the structure tree merged, nothing stale.

    python -m tests.bench.generate 100 /tmp/trip && infoprep build /tmp/trip -o /tmp/out
    python -m tests.bench.binder_pikepdf /tmp/trip /tmp/out [--rounds 3]

A spike for issue 23 (item 8): the same parts as tests/bench/binder.py, assembled by pikepdf
(qpdf) the way our writer does it: every page appended, each part's structure tree hung as a
/Part under one /Document with its /ParentTree keys renumbered, the bookmarks (days, meetings,
the packets' own headings), /Lang, /MarkInfo and the "Binder page N of M" footer. Prints best and
median wall and CPU time of `rounds` assemblies into memory, the sizes, and what each binder's
structure tree holds. Timings are never asserted. Needs the bench extra (pikepdf).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

from generator.plan.plan import Plan
from generator.printing.binder import Entry, Part, order, outline, page_number, write_binder
from generator.reading import load_and_plan
from generator.render.paths import Paths
from tests.bench.binder import _parts


def _footer(
    pdf: pikepdf.Pdf, font: pikepdf.Object, index: int, total: int, page: pikepdf.Page
) -> None:
    """The binder's page number, as an artifact, over the part's own page."""
    text = page_number(index, total).encode("latin-1")
    box = [float(v) for v in page.mediabox]
    stream = (
        b"q /Artifact <</Type /Pagination /Subtype /Footer>> BDC BT 0.357 0.4 0.459 rg /IBP 8 Tf "
    )
    stream += b"%.3f %.3f Td (%s) Tj ET EMC Q" % (box[0] + 45.354, box[1] + 22.0, text)
    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = Dictionary()
    fonts = resources.get("/Font")
    if fonts is None:
        resources.Font = fonts = Dictionary()
    fonts.IBP = font
    page.contents_add(pikepdf.Stream(pdf, stream), prepend=False)


def _bookmarks(pdf: pikepdf.Pdf, entries: tuple[Entry, ...]) -> None:
    def item(entry: Entry) -> OutlineItem:
        made = OutlineItem(entry.title, entry.page)
        made.children.extend(item(child) for child in entry.children)
        return made

    with pdf.open_outline() as tree:
        tree.root.extend(item(entry) for entry in entries)


def pikepdf_binder(
    plan: Plan, names: list[str], parts: Mapping[str, Part], out: io.BytesIO
) -> dict[str, int]:
    """Our binder, assembled with pikepdf; returns counts of what its structure tree holds."""
    binder = pikepdf.Pdf.new()
    tree_root = binder.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = binder.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, P=tree_root, K=Array())
    )
    tree_root.K = Array([document])
    nums = Array()
    next_key = 0
    entries = outline(plan, names, parts)
    titles = [entries[0].title] + [meeting.title for day in entries[1:] for meeting in day.children]
    lang = None
    role_map = Dictionary()
    sources = []  # qpdf copies stream data from the parts when saving: they stay open until then
    for at, name in enumerate(names):
        source = pikepdf.Pdf.open(parts[name].file)
        sources.append(source)
        lang = lang or source.Root.get("/Lang")
        first = len(binder.pages)
        binder.pages.extend(source.pages)
        root = source.Root.get("/StructTreeRoot")
        if root is None:
            continue
        offset = next_key
        for page in list(binder.pages)[first:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        for kid in root.K if isinstance(root.K, Array) else [root.K]:
            if isinstance(kid, Dictionary) and "/P" in kid:
                # else the part's whole tree root (and its parent tree) would be copied too
                del kid.P
        top = root.K if isinstance(root.K, Array) else [root.K]
        kids = Array(
            [binder.copy_foreign(k if k.is_indirect else source.make_indirect(k)) for k in top]
        )
        title = titles[at] if at < len(titles) else name
        part = binder.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Part, P=document, T=title, K=kids)
        )
        for kid in kids:
            if isinstance(kid, Dictionary):
                kid.P = part
        document.K.append(part)
        source_nums = root.ParentTree.get("/Nums", Array())
        for i in range(0, len(source_nums), 2):
            nums.append(int(source_nums[i]) + offset)
            value = source_nums[i + 1]
            nums.append(
                binder.copy_foreign(value if value.is_indirect else source.make_indirect(value))
            )
        next_key = offset + int(root.get("/ParentTreeNextKey", len(source_nums) // 2))
        for role, mapped in root.get("/RoleMap", Dictionary()).items():
            role_map[role] = mapped
    tree_root.ParentTree = binder.make_indirect(Dictionary(Nums=nums))
    tree_root.ParentTreeNextKey = next_key
    if len(role_map):
        tree_root.RoleMap = role_map
    binder.Root.StructTreeRoot = tree_root
    binder.Root.MarkInfo = Dictionary(Marked=True)
    if lang is not None:
        binder.Root.Lang = lang
    font = binder.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type1,
            BaseFont=Name.Helvetica,
            Encoding=Name.WinAnsiEncoding,
        )
    )
    total = len(binder.pages)
    for index, page in enumerate(binder.pages):
        _footer(binder, font, index, total, page)
    _bookmarks(binder, entries)
    binder.docinfo.Title = f"Binder: {plan.trip.info.title}"
    binder.save(
        out,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return {"parts": len(document.K), "parent tree keys": len(nums) // 2}


def structure_of(data: bytes) -> dict[str, int]:
    """How many structure elements a binder's tree holds, and its /Part children under /Document."""
    pdf = pikepdf.Pdf.open(io.BytesIO(data))
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return {"elements": 0, "parts": 0}
    seen: set[tuple[int, int]] = set()
    stack = [root.K]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(node)
        elif (
            isinstance(node, Dictionary)
            and node.get("/Type", Name.StructElem) == Name.StructElem
            and "/S" in node
        ):
            if node.objgen in seen and node.objgen != (0, 0):
                continue
            seen.add(node.objgen)
            stack.append(node.get("/K", Array()))
    document = root.K[0] if isinstance(root.K, Array) else root.K
    kids = document.K if isinstance(document.K, Array) else [document.K]
    return {"elements": len(seen), "parts": sum(1 for k in kids if k.get("/S") == Name.Part)}


def _time(make, rounds: int) -> tuple[list[float], list[float], bytes]:  # type: ignore[no-untyped-def]
    times, cpu, data = [], [], b""
    for _ in range(rounds):
        out = io.BytesIO()
        started, started_cpu = time.perf_counter(), time.process_time()
        make(out)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        data = out.getvalue()
    return times, cpu, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    _, plan, _ = load_and_plan(args.content, date(2027, 1, 1))
    paths = Paths()
    names = order(plan, paths.itinerary_pdf, {p.id: paths.packet_pdf(p.id) for p in plan.packets})
    parts = _parts(args.output, names)
    ours = _time(lambda out: write_binder(plan, names, parts, out), args.rounds)
    theirs = _time(lambda out: pikepdf_binder(plan, names, parts, out), args.rounds)
    for label, (times, cpu, data) in (("ours", ours), ("pikepdf", theirs)):
        print(
            f"{label:8} wall best {min(times):.2f} s median {statistics.median(times):.2f} s; "
            f"CPU best {min(cpu):.2f} s; {len(data) / 1e6:.2f} MB; structure {structure_of(data)}"
        )
    print(
        f"pikepdf / ours: wall {min(theirs[0]) / min(ours[0]):.2f}x, CPU "
        f"{min(theirs[1]) / min(ours[1]):.2f}x, "
        f"size {len(theirs[2]) / len(ours[2]):.2f}x (adopt only within 1.5x time and 1.3x size)"
    )


if __name__ == "__main__":
    main()
