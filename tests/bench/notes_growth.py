"""How the cost of converting a note grows with its length, for every short pattern of Markdown markup repeated.

Linear means converting 4 times as much takes about 4 times as long. Patterns the reader refuses
(content/scalars.py: bounded_markup, bounded_inline) are never converted and are skipped. A ratio, measured in
one run, so the machine's speed cancels out: run with `python tests/bench/notes_growth.py` (or `make bench`).
"""

from __future__ import annotations

import itertools
import sys
import time

from generator.content.scalars import bounded_inline, bounded_markup, bounded_nesting
from generator.render.markdown import Notes

ALPHABET = "[]()<>*_`#=-!\\:|> \n\ta"
QUADRATIC = 16.0
"""Growth for 4x the text when the cost is quadratic; linear is 4."""


def cost(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        Notes().html(text)
        best = min(best, time.perf_counter() - started)
    return best


def growth(pattern: str) -> float | None:
    """Seconds for 800 copies over seconds for 200, or None when the reader refuses 800 copies."""
    try:
        bounded_inline(bounded_markup(bounded_nesting(pattern * 800)))
    except ValueError:
        return None
    return cost(pattern * 800) / max(cost(pattern * 200), 1e-4)


def main() -> int:
    patterns = ["".join(p) for n in (1, 2) for p in itertools.product(ALPHABET, repeat=n)]
    measured = [(g, p) for p in patterns if (g := growth(p)) is not None]
    measured.sort(reverse=True)
    print(
        f"markdown growth for 4x the text, {len(measured)} patterns (linear 4, quadratic "
        f"{QUADRATIC:.0f}):"
    )
    for value, pattern in measured[:8]:
        seconds = cost(pattern * 800)
        print(
            f"  {pattern!r:>8}  x{value:5.1f}  ({seconds * 1000:.0f} ms for {len(pattern) * 800} "
            "characters)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
