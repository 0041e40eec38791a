"""One module per command: each returns a report object and prints nothing itself."""
