"""`sohoa`'s entry point: choose the language, then load the commands (their help is read
when they are imported, so it must already be in that language) and run them."""

from __future__ import annotations

import os
import sys

from service.i18n import chosen_language, use_language


def main() -> None:
    use_language(chosen_language(sys.argv[1:], os.environ))
    from service.cli import app
    from service.cli_framework import run

    sys.exit(run(app, sys.argv[1:]))


if __name__ == "__main__":
    main()
