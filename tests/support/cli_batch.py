"""Many `sohoa` command lines that end while they are parsed (a help, a usage error),
answered by one process in one language instead of a process each.

Such a line prints and exits before any command runs, so what it prints and its exit code
are those of `sohoa` run alone with it; only the start-up (about half a second, most of a
help's cost) is shared. Run as `python -m tests.support.cli_batch`: the command lines come
as a JSON list of lists on standard input, and a JSON list of [code, out, err] goes out.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys

from service.i18n import chosen_language, use_language


def answer(lines: list[list[str]]) -> list[tuple[int, str, str]]:
    """Each line's exit code and what it printed; every line asks for the same language."""
    use_language(chosen_language(lines[0], os.environ))
    # The commands' help is read when they are imported: after the language is chosen.
    from service.cli import app
    from service.cli_framework import run

    answers = []
    for line in lines:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(app, line)
        answers.append((code, out.getvalue(), err.getvalue()))
    return answers


if __name__ == "__main__":
    json.dump(answer(json.load(sys.stdin)), sys.stdout)
