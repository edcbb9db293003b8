"""Receipts issued per second end to end, against making their files alone.

Not part of `make test`; `make bench` runs it after the signing benchmark. By hand, from the
repository root:

    .venv-bench/bin/python bench/receipt_bench.py [--receipts N] [--counters N] [--out FILE]

On a throwaway PKI and a fresh embedded (SQLite) record with one series and a PKCS#12
signing profile:

- the files alone, the floor: one process writes and signs the XML data message (the legal
  original), renders the PDF, signs it with the collector's stamp and writes the DOCX for N
  receipts, with no record at all;
- the XML signing cost: in the same process, the message of each of the N receipts built,
  signed (XML-DSig, RSA-SHA256) and validated against the XSD alone, per receipt;
- Sohoa: the same number of receipts issued by several counters at once (processes, each
  `receipt_counter.flow.issue_receipt` in a loop, as clerks at several desks): checks, the
  number allocated in its transaction, the files made and signed, the receipt recorded
  with its audit entries. Every number from 1 to N must be used exactly once.

Both start with the key opened and the fonts loaded (one receipt made first, not timed).
The report gives receipts per second and Sohoa's rate as a share of the floor's; the
target is at least 20 receipts per second on 2 cores. It is printed and written to
bench/receipt-results.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

if not __package__:  # run as a file: the repository's packages must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ocr_bench import cpu_model, markdown_table
from tests.support.pki import make_test_pki

CORES = os.cpu_count() or 1
REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = Path(__file__).resolve().parent / "receipt-results.md"
TARGET = 20.0
SERIES = "BI-26T"
SETTINGS = """[signing.profiles.thu-phi]
pkcs12 = "{p12}"
passphrase_file = "{secret}"
chain = ["{chain}"]
trust_roots = ["{root}"]
"""
COUNTER = """
import sys, time
from config import load_settings
from receipt_counter.flow import IssueRequest, issue_receipt
from store.record import open_record

services = open_record(load_settings())
count, start_at = int(sys.argv[1]), float(sys.argv[2])
request = IssueRequest(series="{series}", payer="Nguyễn Thị Hoà", dossier_code=None,
                       items=(("Lệ phí chứng thực", 2000), ("Phí sao y bản chính", 4000)))
time.sleep(max(0.0, start_at - time.time()))
for _ in range(count):
    print(issue_receipt(services, request, "bench:counter").number, flush=True)
services.close()
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--receipts", type=int, default=400)
    parser.add_argument("--counters", type=int, default=2 * CORES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sohoa-receipt-bench-") as scratch:
        root = Path(scratch)
        environment = _prepare(root)
        print(f"Files alone, {arguments.receipts} receipts ...", file=sys.stderr)
        floor, xml = _time_floor(root, environment, arguments.receipts)
        print(f"  {floor:.1f} s; Sohoa, {arguments.counters} counters ...", file=sys.stderr)
        sohoa = _time_counters(root, environment, arguments.receipts, arguments.counters)
        print(f"  {sohoa:.1f} s", file=sys.stderr)
    report = _report(arguments.receipts, arguments.counters, floor, sohoa, xml)
    print(report)
    arguments.out.write_text(report + "\n", encoding="utf-8")
    return 0


def _prepare(root: Path) -> dict[str, str]:
    pki = make_test_pki(root / "pki")
    secret = root / "p12.passphrase"
    secret.write_text(pki.passphrase, encoding="utf-8")
    (root / "sohoa.toml").write_text(
        SETTINGS.format(
            p12=pki.signer_pkcs12, secret=secret, chain=pki.intermediate_cert, root=pki.root_cert
        ),
        encoding="utf-8",
    )
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("SOHOA_")},
        "SOHOA_DATA_DIR": str(root / "var"),
        "PYTHONPATH": str(REPO),
    }
    sohoa = Path(sys.executable).with_name("sohoa")
    subprocess.run(
        [str(sohoa), "receipts", "series", "add", "--form", "01BLP0-001", "--series", SERIES,
         "--organization", "UBND xã An Bình", "--tax-code", "0312345678",
         "--address", "Thôn Phú Lộc, xã An Bình", "--profile", "thu-phi", "--unit", "xa-an-binh"],
        cwd=root, env=environment, check=True, capture_output=True,
    )  # fmt: skip
    return environment


def _time_floor(root: Path, environment: dict[str, str], receipts: int) -> tuple[float, float]:
    """Seconds to make the files of `receipts` receipts in one process, with no record; and
    seconds to build, sign and validate their XML messages alone."""
    script = f"""
import sys, time
from datetime import datetime, UTC
from pathlib import Path
from dataclasses import replace
from config import load_settings
from receipt_counter.files import make_receipt_files
from receipt_counter.signed_message import signed_message
from signing.configured import configured_profile
from store.record import open_record
from receipts.model import Organization, PaymentMethod, ReceiptData, ReceiptLine, FeeKind

services = open_record(load_settings())
data = ReceiptData(form_symbol="01BLP0-001", series_symbol="{SERIES}", number=1,
    issued_at=datetime.now(UTC), organization=Organization("UBND xã An Bình", "0312345678",
    "Thôn Phú Lộc, xã An Bình"), unit="xa-an-binh", payer="Nguyễn Thị Hoà", dossier_code=None,
    lines=(ReceiptLine("Lệ phí chứng thực", FeeKind.CHARGE, 2000),
           ReceiptLine("Phí sao y bản chính", FeeKind.FEE, 4000)), method=PaymentMethod.CASH)
make_receipt_files(services, replace(data, number=9_999_999), "thu-phi")
started = time.monotonic()
for number in range(1, {receipts} + 1):
    make_receipt_files(services, replace(data, number=number), "thu-phi")
floor = time.monotonic() - started
profile = configured_profile(services.settings, "thu-phi")
started = time.monotonic()
for number in range(1, {receipts} + 1):
    signed_message(replace(data, number=number), profile, services.settings)
print(floor, time.monotonic() - started)
services.close()
"""
    floor_environment = {**environment, "SOHOA_DATA_DIR": str(root / "floor")}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, env=floor_environment,
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    floor, xml = done.stdout.split()
    return float(floor), float(xml)


def _time_counters(root: Path, environment: dict[str, str], receipts: int, counters: int) -> float:
    """Seconds from the common start to the last of `receipts` receipts issued."""
    shares = [receipts // counters + (index < receipts % counters) for index in range(counters)]
    warm_up = 5.0  # each counter imports, opens the record and the key, then waits
    start_at = time.time() + warm_up
    command = [sys.executable, "-c", COUNTER.format(series=SERIES)]
    processes = [
        subprocess.Popen(
            [*command, str(share), str(start_at)],
            cwd=root,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for share in shares
    ]
    outputs = [process.communicate(timeout=3600) for process in processes]
    finished = time.time()
    if any(process.returncode for process in processes):
        raise SystemExit("a counter failed: " + " ".join(err for _, err in outputs)[-2000:])
    numbers = sorted(int(line) for out, _ in outputs for line in out.split())
    if numbers != list(range(1, receipts + 1)):
        raise SystemExit("the numbers used are not 1 to N, each once")
    return finished - start_at


def _report(receipts: int, counters: int, floor: float, sohoa: float, xml: float) -> str:
    floor_rate, sohoa_rate = receipts / floor, receipts / sohoa
    rows = [
        ["files alone (1 process, no record)", str(receipts), f"{floor:.1f}", f"{floor_rate:.1f}"],
        [f"Sohoa ({counters} counters)", str(receipts), f"{sohoa:.1f}", f"{sohoa_rate:.1f}"],
    ]
    verdict = "PASS" if sohoa_rate >= TARGET else "MISS"
    return "\n".join(
        [
            "# Receipt benchmark",
            "",
            f"Receipts with two lines, signed PKCS#12: the XML data message (XML-DSig) and the "
            f"PDF with the collector's stamp, + DOCX; embedded record; CPU: {cpu_model()}, "
            f"{CORES} cores; "
            f"{datetime.now(UTC):%Y-%m-%d}.",
            "",
            markdown_table(["run", "receipts", "wall s", "receipts/s"], "lrrr", rows),
            "",
            markdown_table(
                ["quantity", "target", "measured", "result"],
                "lrrl",
                [
                    [
                        "Sohoa receipts/s end to end",
                        f">= {TARGET:.0f}",
                        f"{sohoa_rate:.1f}",
                        verdict,
                    ],
                    ["Sohoa / files alone", "", f"{sohoa_rate / floor_rate:.2f}", ""],
                    [
                        "XML message signing per receipt (build, sign, XSD), ms",
                        "",
                        f"{xml / receipts * 1000:.1f}",
                        "",
                    ],
                ],
            ),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
