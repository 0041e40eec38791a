"""The catalogs: generator/locale/<language>/LC_MESSAGES/infoprep.po, read by content/catalog.py."""
