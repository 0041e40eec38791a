"""One module per command: each takes its options and returns a report; none prints anything."""
