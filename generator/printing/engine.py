"""What the PDF engine depends on besides the page: its versions, its fonts, HarfBuzz subsetting.

None of this imports WeasyPrint (half a second): the build asks these questions to decide whether a
cached PDF is still good, and a build with nothing to render must stay fast. Libraries are probed
with ctypes, the way WeasyPrint itself finds them.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from generator.versions import version

HARFBUZZ_PACKAGE = "libharfbuzz-subset0"
HARFBUZZ_INSTALL = f"sudo apt-get install -y {HARFBUZZ_PACKAGE}"
HARFBUZZ_WARNING = (
    "warning: HarfBuzz font subsetting (libharfbuzz-subset >= 4.1) was not found, so WeasyPrint "
    "falls back to "
    "fontTools: each PDF takes several times longer to write. Install it with: " + HARFBUZZ_INSTALL
)

# The names WeasyPrint's text/ffi.py tries, in its order (Linux, macOS, Windows).
_SUBSET_NAMES = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
_HARFBUZZ_NAMES = (
    "libharfbuzz-0",
    "harfbuzz",
    "harfbuzz-0.0",
    "libharfbuzz.so.0",
    "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)
_ENGINE_PACKAGES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "html5lib",
    "pillow",
)


def _dlopen(names: tuple[str, ...]) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


@lru_cache(maxsize=1)
def harfbuzz_subsetting() -> bool:
    """Whether WeasyPrint will subset fonts with HarfBuzz (fast) rather than fontTools (slow).

    WeasyPrint uses HarfBuzz when libharfbuzz-subset loads and HarfBuzz is at least 4.1.0
    (weasyprint/pdf/fonts.py: `harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0)`).
    """
    if _dlopen(_SUBSET_NAMES) is None:
        return False
    harfbuzz = _dlopen(_HARFBUZZ_NAMES)
    if harfbuzz is None:
        return False
    try:
        atleast = harfbuzz.hb_version_atleast
    except AttributeError:
        return False
    atleast.restype = ctypes.c_int
    atleast.argtypes = [ctypes.c_uint, ctypes.c_uint, ctypes.c_uint]
    return bool(atleast(4, 1, 0))


@lru_cache(maxsize=1)
def engine_versions() -> str:
    """WeasyPrint and the libraries that shape its output, as one line."""
    return " ".join(f"{name}={version(name)}" for name in _ENGINE_PACKAGES)


def _fontconfig_lists() -> tuple[list[str], list[str]]:
    """(font folders, configuration files) as fontconfig reads them; standard places if it cannot be
    asked."""
    home = Path.home()
    fallback = (
        [
            str(home / ".local/share/fonts"),
            "/usr/local/share/fonts",
            "/usr/share/fonts",
            str(home / ".fonts"),
        ],
        ["/etc/fonts/fonts.conf", "/etc/fonts/conf.d"],
    )
    fc = _dlopen(
        (
            "libfontconfig-1",
            "fontconfig-1",
            "fontconfig",
            "libfontconfig.so.1",
            "libfontconfig.1.dylib",
            "libfontconfig-1.dll",
        )
    )
    if fc is None:
        return fallback
    try:
        fc.FcInitLoadConfig.restype = ctypes.c_void_p
        for getter in (fc.FcConfigGetFontDirs, fc.FcConfigGetConfigFiles):
            getter.restype = ctypes.c_void_p
            getter.argtypes = [ctypes.c_void_p]
        fc.FcStrListNext.restype = ctypes.c_char_p
        fc.FcStrListNext.argtypes = [ctypes.c_void_p]
        fc.FcStrListDone.argtypes = [ctypes.c_void_p]
        fc.FcConfigDestroy.argtypes = [ctypes.c_void_p]
    except AttributeError:
        return fallback
    config = fc.FcInitLoadConfig()
    if not config:
        return fallback

    def strings(handle: int) -> list[str]:
        out = []
        while value := fc.FcStrListNext(handle):
            out.append(os.fsdecode(value))
        fc.FcStrListDone(handle)
        return out

    try:
        return strings(fc.FcConfigGetFontDirs(config)), strings(fc.FcConfigGetConfigFiles(config))
    finally:
        fc.FcConfigDestroy(config)


def _walk(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    found: list[str] = []
    for root, dirs, files in os.walk(path, followlinks=True):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files))
    return found


@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """A digest of every font file fontconfig can choose from, and of its configuration.

    Font files are identified by path, size and modification time (hashing a CJK font family would
    cost more than the check saves); a package upgrade changes all three. Configuration files are
    small and hashed whole, since an alias rule changes which font a family name resolves to.
    """
    font_dirs, config_files = _fontconfig_lists()
    digest = hashlib.sha256()
    for path in sorted({file for folder in font_dirs for file in _walk(folder)}):
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"font {path} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    for path in sorted({file for entry in config_files for file in _walk(entry)}):
        try:
            digest.update(f"conf {path}\n".encode() + Path(path).read_bytes())
        except OSError:
            continue
    return digest.hexdigest()


@lru_cache(maxsize=1)
def engine_id() -> str:
    """Everything outside the page that shapes a PDF: the renderer's code, engine versions,
    subsetter, fonts."""
    from generator.printing import pdf

    code = hashlib.sha256(Path(pdf.__file__).read_bytes()).hexdigest()
    return (
        f"{code} {engine_versions()} harfbuzz-subset={harfbuzz_subsetting()} "
        f"fonts={fonts_fingerprint()}"
    )
