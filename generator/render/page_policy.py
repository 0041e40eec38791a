"""What every page declares about itself, on the web and in a private site's lock page alike.

A page's policy is part of the page (a meta tag: static hosts send no headers we choose), so it
is rendered with the page; the web app and the sealed site take it from here.
"""

THEME_COLOR = "#1b2430"
"""The default theme's header (--ink): the phone's status bar and the installed app's title bar."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
)
"""Every page's policy (a meta tag: static hosts send no headers we choose). Only the site's own scripts run:
no inline script, no event-handler attribute, no script from elsewhere, even if a template or a note let one
through; pictures may be data: (QR codes) or blob: (a private site's decrypted pictures); a form never posts
(the passphrase form is handled in the page). `frame-ancestors` cannot be set from a meta tag."""
