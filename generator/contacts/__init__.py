"""Contact exports read and matched against a content folder: LinkedIn, Google Contacts, vCard.

The commands that use them, `infoprep import` and `infoprep who`, are in commands/.

The import is a small pipeline of its own, read -> match -> write, like the build: every file is
read whole (readers: linkedin.py, google.py, vcards.py) before anything is compared with the content
folder (existing.py, match.py), and nothing is written (profiles.py) until every row read cleanly.
Matching never overwrites: what the content already has stays as it is, and what an export adds to a
known person is only suggested.
"""

from __future__ import annotations
