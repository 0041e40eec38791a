"""Publishing a built site: to a git branch (publish/branch.py) or a folder (publish/folder.py).

Both take the same thing, a `SiteFiles` (publish/files.py): the output folder's files exactly as the
build wrote them, checked against its manifest, plus the host's small files (`.nojekyll`, `CNAME`).
Nothing else on the machine is ever read for publishing: not the content folder, not the build
cache, not the environment's passphrase.
"""
