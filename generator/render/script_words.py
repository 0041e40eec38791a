"""The words the site's own scripts show (the lock screen's statuses, download notices, the offline
note), in the page's language.

The scripts are static files of the theme and cannot call the catalog, so each page carries them as
a JSON block (`<script id="infoprep-words" type="application/json">`, data the browser never runs,
allowed by the pages' Content-Security-Policy): base.html through the `script_words` global, the
lock screen through encrypt.py. A script reads a phrase by its key and falls back to its own English
when a theme leaves the block out.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from generator.content.catalog import N_, Words

SCRIPT_PHRASES = {
    "unlocking": N_("Unlocking…"),
    "opening": N_("Opening…"),
    "wrong": N_("Wrong passphrase. Nothing was decrypted; try again."),
    "failed": N_("Something went wrong while decrypting. Reload the page and try again."),
    "no_crypto": N_(
        "This browser cannot decrypt these pages (WebCrypto is missing; use an up-to-date browser "
        "over https)."
    ),
    "old_salt": N_("salt.js is missing or from another version: upload the whole built folder."),
    "broken": N_(
        "This page cannot be opened: its encrypted content was changed, or the file was moved from "
        "where it was "
        "built. Go to the home page, or build and upload the site again."
    ),
    "new_key": N_("This site was published with a new key: enter the passphrase to open it again."),
    "decrypting": N_("Decrypting %(name)s…"),
    "file_protocol": N_(
        "Downloads need the site to be served (browsers do not let a page read files from "
        "file://). Use infoprep "
        "serve, or put the folder on a web host."
    ),
    "fetch_failed": N_("The file could not be fetched. Check your connection and try again."),
    "changed": N_("This file does not open with the passphrase: it was changed or moved."),
    "picture": N_("Picture"),
    "not_decrypted": N_("%(name)s (could not be decrypted here)"),
    "just_now": N_("just now"),
    "offline": N_(
        "No connection: this is the copy saved on this device%(when)s. Changes published since "
        "then will show when "
        "you are back online."
    ),
}
"""Each phrase a script shows, by the key the script asks for (`%(name)s` is filled in by the
script)."""


def script_words(words: Words) -> Markup:
    """The phrases as a JSON object safe inside a <script> element: `<`, `>` and `&` are escaped as
    \\u003c..., so no translation can end the element."""
    text = json.dumps(
        {key: words.gettext(phrase) for key, phrase in SCRIPT_PHRASES.items()}, ensure_ascii=False
    )
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script id="infoprep-words" type="application/json">{escaped}</script>')
