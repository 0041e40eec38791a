"""The private site's salt, kept beside the build cache from build to build while the passphrase
stays the same.

Why: the browser keeps the derived key ("Keep unlocked on this device") only for the salt it was
derived with (themes/default/static/decrypt.js), and opaque file names follow the key, so a new salt
on every build signed every phone out and renamed every file. Kept, a republished typo fix changes
one file.

The record (`site-key.json` in the cache folder) holds the salt, the iteration count and the key's
fingerprint (SiteKey.fingerprint, an HMAC under the key): a build derives the key from the
passphrase and that salt and uses it only if the fingerprints match, so a changed passphrase draws a
new salt, as `build --new-key` does. Nothing in it is plain content; a passphrase can be tested
against it no faster than against the public check value in salt.js. It is read as untrusted: a
record of the wrong shape, a link or anything but a small regular file is ignored (a new salt, never
a traceback).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Location, OutputError
from generator.publish.seal import ITERATIONS, SALT_BYTES, SiteKey, site_key_from_environment

KEY_FILE = "site-key.json"
MAX_RECORD = 4096


@dataclass(frozen=True)
class KeyRecord:
    salt: bytes
    iterations: int
    fingerprint: str


class DerivedKeys:
    """Site keys this process derived, by passphrase digest and salt, in its memory only: serve
    derives its key once, not on every pass (PBKDF2 takes a third of a second by design)."""

    def __init__(self) -> None:
        self.keys: dict[tuple[str, bytes], SiteKey] = {}

    def derive(
        self, variable: str, environ: Mapping[str, str], where: Location, salt: bytes
    ) -> SiteKey:
        known = (
            hashlib.sha256(environ.get(variable, "").encode("utf-8", "surrogatepass")).hexdigest(),
            salt,
        )
        if known not in self.keys:
            self.keys[known] = site_key_from_environment(variable, environ, where, salt)
        return self.keys[known]


def lasting_site_key(
    variable: str,
    environ: Mapping[str, str],
    where: Location,
    folder: Path,
    new_key: bool,
    derived: DerivedKeys | None = None,
) -> SiteKey:
    """The site key for the passphrase in `environ[variable]`: with the recorded salt when it
    derives the recorded key, else (no record, another passphrase, `new_key`) with a new salt, which
    is recorded."""
    derive = derived.derive if derived is not None else site_key_from_environment
    record = None if new_key else read_record(folder / KEY_FILE)
    if record is not None and len(record.salt) == SALT_BYTES and record.iterations == ITERATIONS:
        key = derive(variable, environ, where, record.salt)
        if hmac.compare_digest(key.fingerprint, record.fingerprint):
            return key
    key = derive(variable, environ, where, os.urandom(SALT_BYTES))
    write_record(folder / KEY_FILE, KeyRecord(key.salt, key.iterations, key.fingerprint))
    return key


def read_record(path: Path) -> KeyRecord | None:
    """The record at `path`, or None for anything else (missing, a link, not a small regular file,
    odd JSON)."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RECORD:
            return None
        raw = handle.read(MAX_RECORD)
    try:
        data = json.loads(raw)
        return KeyRecord(
            base64.b64decode(data["salt"], validate=True),
            int(data["iterations"]),
            str(data["fingerprint"]),
        )
    except (ValueError, TypeError, KeyError):
        return None


def write_record(path: Path, record: KeyRecord) -> None:
    """Write the record whole (a new file renamed over the old one; a link there is replaced, never
    followed)."""
    data = {
        "salt": base64.b64encode(record.salt).decode("ascii"),
        "iterations": record.iterations,
        "fingerprint": record.fingerprint,
    }
    partial = path.with_name(f".{path.name}.part")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        fd = os.open(
            partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(data).encode("ascii"))
        partial.replace(path)
    except OSError as exc:
        raise OutputError(
            f"{path.parent}: cannot keep the private site's salt in the build cache: "
            f"{exc.strerror or exc}"
        ) from None
