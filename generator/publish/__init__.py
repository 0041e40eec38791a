"""Publishing: what turns a built site into the one that goes out (the private site's lasting key, ...)."""
