"""What people read of the record: frozen rows for the command line, the web pages and the
JSON API. Nothing here writes; a face reads through these and writes through `jobs`."""
