"""Every output path infoprep writes, in one place.

Paths are built only from an allowlist of names and meeting ids that are slugs, so no content can
steer a file outside the output folder. A private build uses opaque names (a keyed hash of the
readable one) so no file name or URL names a person.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass


@dataclass(frozen=True)
class Paths:
    opaque_key: bytes | None = None
    """Set for a private build: names become HMAC digests under this key."""

    def _name(self, readable: str) -> str:
        if self.opaque_key is None:
            return readable
        return hmac.new(self.opaque_key, readable.encode(), hashlib.sha256).hexdigest()[:16]

    def meeting_dir(self, meeting_id: str) -> str:
        return (
            f"meetings/{self._name(meeting_id)}"
            if self.opaque_key is None
            else f"m/{self._name(meeting_id)}"
        )

    def packet_page(self, meeting_id: str) -> str:
        return f"{self.meeting_dir(meeting_id)}/index.html"

    def packet_pdf(self, meeting_id: str) -> str:
        return f"{self.meeting_dir(meeting_id)}/packet.pdf"

    def contact_card(self, meeting_id: str) -> str:
        """The person met, as a vCard, inside the meeting's folder: a private build makes the folder
        opaque."""
        return f"{self.meeting_dir(meeting_id)}/contact.vcf"

    home = "index.html"
    network = "network.html"
    followups = "followups.html"
    opportunities = "opportunities.html"
    itinerary_pdf = "itinerary.pdf"
    binder_pdf = "binder.pdf"
    pocket_pdf = "pocket-cards.pdf"
    calendar = "itinerary.ics"
    contacts = "contacts.vcf"
    manifest = "manifest.webmanifest"
    """The web app manifest (publish/webapp.py): name, icons, colours, for installing the site."""
    service_worker = "sw.js"
    """At the root, so its scope is the whole site, under whatever sub-path the site is
    published."""
    icon = "icons/icon.svg"
    icon_192 = "icons/icon-192.png"
    icon_512 = "icons/icon-512.png"
    icon_maskable = "icons/icon-maskable-512.png"


def root_of(path: str) -> str:
    """The relative prefix from a page back to the output root: 'meetings/x/index.html' ->
    '../../'."""
    return "../" * path.count("/")
