"""The composition root: the `sohoa` command line, and later the web app and wiring."""
