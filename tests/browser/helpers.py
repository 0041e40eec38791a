"""Measurements shared by the browser tests."""

from __future__ import annotations

SMALL_TARGETS_JS = """() => {
  const inProse = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement;
    const own = Array.from(block.childNodes).filter(n => n !== el).map(n => n.textContent).join('').trim();
    return own.length > 0;
  };
  const mustBeBig = (el) => /^(tel:|mailto:)/.test(el.getAttribute('href') || '') || el.classList.contains('map');
  return Array.from(document.querySelectorAll('a[href], button, summary, input:not([type=hidden])'))
    .filter(el => !el.closest('.skip') && el.getClientRects().length > 0)
    .filter(el => mustBeBig(el) || !inProse(el))
    .filter(el => Math.max(...Array.from(el.getClientRects()).map(r => r.height)) < 43.5)
    .map(el => el.outerHTML.slice(0, 100));
}"""


def small_tap_targets(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Links, buttons and disclosure toggles a thumb would miss (under 44 CSS px tall).

    Links inside a sentence are exempt (WCAG 2.5.8), except phone numbers, e-mail addresses and
    map links, which are what a traveler taps on the street."""
    return page.evaluate(SMALL_TARGETS_JS)


def no_horizontal_overflow(page) -> bool:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    return page.evaluate("document.documentElement.scrollWidth") <= width
