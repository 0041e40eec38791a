"""Publishing a built site: sealing a private one (publish/seal.py, with its lasting key in
publish/keys.py), the web app that keeps it offline (webapp.py, icons.py, service_worker.py), and
sending it out to a git branch (publish/branch.py) or a folder (publish/folder.py).

Sending takes one thing, a `SiteFiles` (publish/files.py): the output folder's files exactly as the
build wrote them, checked against its manifest, plus the host's small files (`.nojekyll`, `CNAME`).
Nothing else on the machine is ever read for publishing: not the content folder, not the build
cache, not the environment's passphrase.
"""
