"""A command run on a pseudo-terminal, as a person at a terminal runs it: read what it asks,
answer it, and keep everything it wrote (hidden answers are not echoed by the terminal)."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


class Terminal:
    def __init__(self, command: Sequence[str], cwd: Path, env: Mapping[str, str]) -> None:
        controller, terminal = os.openpty()
        self._controller = controller
        self.process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env={**env, "COLUMNS": "200", "TERM": "dumb"},
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            start_new_session=True,
            preexec_fn=_take_terminal,
        )
        os.close(terminal)
        self.transcript = ""
        self._cursor = 0

    def expect(self, text: str, seconds: float = 60) -> str:
        """Read until `text` appears after what was expected before; what came up to it."""
        deadline = time.monotonic() + seconds
        while text not in self.transcript[self._cursor :]:
            if not self._read(deadline - time.monotonic()):
                raise AssertionError(f"{text!r} never came; the terminal said:\n{self.transcript}")
        end = self.transcript.index(text, self._cursor) + len(text)
        seen, self._cursor = self.transcript[self._cursor : end], end
        return seen

    def answer(self, text: str, after: str) -> None:
        """Type `text` once the prompt `after` is complete: Click writes a prompt's last space
        only once the terminal is ready for the answer (its echo off, for a hidden one)."""
        self.expect(after + " ")
        os.write(self._controller, text.encode("utf-8") + b"\r")

    def finish(self, seconds: float = 120) -> int:
        """Read everything until the command ends; its exit code."""
        deadline = time.monotonic() + seconds
        while self._read(deadline - time.monotonic()):
            pass
        code = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        os.close(self._controller)
        return code

    def _read(self, seconds: float) -> bool:
        if seconds <= 0:
            return False
        ready, _, _ = select.select([self._controller], [], [], seconds)
        if not ready:
            return False
        try:
            chunk = os.read(self._controller, 65536)
        except OSError:  # the command ended and closed the terminal
            return False
        if not chunk:
            return False
        self.transcript += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return True


def _take_terminal() -> None:
    # The new session's controlling terminal, so that hidden prompts read from /dev/tty.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
