"""The `sohoa` command."""

from __future__ import annotations

import typer

from service.errors import command
from service.ocr_command import ocr
from service.run_command import run

app = typer.Typer(
    name="sohoa",
    help="Sohoa: scans become signed, searchable PDF/A for one-stop offices.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("ocr")(command(ocr))
app.command("run")(command(run))


@app.callback()
def main() -> None:
    """Sohoa: scans become signed, searchable PDF/A for one-stop offices."""


if __name__ == "__main__":
    app()
