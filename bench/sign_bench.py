"""Signing a batch: one-page outputs approved at once, against pyHanko alone.

Not part of `make test`; `make bench` can run it after the intake benchmark. By hand, from
the repository root (SoftHSM2 must be installed: `make setup` does it):

    .venv-bench/bin/python bench/sign_bench.py [--files N] [--workers N] [--out FILE]

One real Sohoa output (a generated 300-dpi scan digitized into a one-page PDF/A) is
copied into N outputs (500 by default) that differ only in their document information,
so that each has its own hash. On a throwaway PKI they are signed PAdES B-B (no
timestamp service) with four profiles: the key in a PKCS#12 file or in a SoftHSM2 token,
each with an invisible signature and with the agency's visible stamp. For each profile:

- pyHanko alone, the floor: `signing.sign.sign_pdf` on every file in a plain loop, one
  thread, with the profile as the settings describe it; no record, no hashes, no jobs;
- Sohoa: the outputs recorded as digitized documents in a fresh embedded (SQLite) record,
  made into one batch by hand and submitted (their hashes taken), then the clock runs
  from the officer's approval to the last signing job done, with the settings' workers
  (`jobs.documents_at_once`, 0: two per core) in the in-process job queue. Every item
  must end signed, with the bytes on disk matching the recorded hash.

Both place a stamp from what intake kept of page 1 (`signing.page_one`), read once per
output before the clock starts. Both start with the signer loaded and a file signed (not
timed), so neither pays for opening the key or the first use of the stamp's font: the
loop signs one file first; Sohoa signs a first batch of two outputs per core, which
starts its signing processes (one per core; each opens the key once) as in a service that
has signed before. A sample of the signed files of each run is verified against the test
root. The report gives PDFs per second, per core (the machine's cores for Sohoa, one for
the loop), the CPU time used (with the signing processes'), and Sohoa's rate as a share
of the floor's, measured in the same run; the target is at least 25 PDFs/s per core with
PKCS#12. Apart, it times what intake pays once per output to keep page 1's words and ink
(`pdftotext -bbox` and the top of its scan), one document at a time over a hundred
outputs. It is printed and written to bench/sign-results.md.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
import psutil

if not __package__:  # run as a file, not with -m: the repository's `tests` must be importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.ocr_bench import cpu_model, markdown_table
from config import Settings, load_settings
from digitizer import digitize
from queries.batches import batch_items, batch_line
from runtime.queue import JobQueue
from service.compose import JobProcess, open_job_process
from signing.configured import configured_profile
from signing.keys import forget_signers, load_signer
from signing.page_one import read_page_one
from signing.sign import sign_pdf
from signing.verify import verify_pdf
from signing_batches.flow import approve, make_batch, submit
from store.archive import sha256_of
from store.schema import DocumentRecord
from store.states import BatchItemState, DocumentKind, DocumentStatus
from store.units import unit_id
from tests.support.drops import UNIT, dossier_code, paper, save_pdf
from tests.support.pages import corpus_text
from tests.support.pki import ThrowawayPki, make_test_pki

CORES = os.cpu_count() or 1
DEFAULT_OUT = Path(__file__).resolve().parent / "sign-results.md"
SOFTHSM_MODULES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),
    Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
)
TOKEN_LABEL, KEY_LABEL, TOKEN_PIN, SO_PIN = "sohoa-bench", "signer", "2468", "97531"
PER_CORE_TARGET = 25.0
VERIFIED_SAMPLE = 8
PLACEMENT_SAMPLE = 100
"""How far down from the top the agency stamp's place may reach, in points (about 88 mm)."""
FIELD_NAME = "SohoaBench"
ME = getpass.getuser()


@dataclass(frozen=True)
class Variant:
    label: str
    profile: str
    pkcs12: bool
    stamp: bool


VARIANTS = (
    Variant("PKCS#12, invisible", "p12", pkcs12=True, stamp=False),
    Variant("PKCS#12, agency stamp", "p12-stamp", pkcs12=True, stamp=True),
    Variant("SoftHSM2, invisible", "token", pkcs12=False, stamp=False),
    Variant("SoftHSM2, agency stamp", "token-stamp", pkcs12=False, stamp=True),
)


@dataclass(frozen=True)
class Timed:
    seconds: float
    cpu_seconds: float


@dataclass(frozen=True)
class Measured:
    variant: Variant
    files: int
    workers: int
    floor: Timed
    sohoa: Timed
    submit_seconds: float

    def rate(self, timed: Timed) -> float:
        return self.files / timed.seconds

    @property
    def ratio(self) -> float:
        return self.rate(self.sohoa) / self.rate(self.floor)


# --- Setting up: PKI, token, settings, outputs --------------------------------------------


def softhsm_module() -> Path:
    module = next((path for path in SOFTHSM_MODULES if path.exists()), None)
    if module is None or shutil.which("softhsm2-util") is None:
        raise SystemExit("SoftHSM2 is not installed (Debian: apt-get install softhsm2).")
    return module


def make_token(folder: Path, pki: ThrowawayPki) -> None:
    """A fresh SoftHSM2 token holding the signer's key; its configuration in this process."""
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\n")
    # The module reads this when this process first loads it, so set it before any signing.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    initialise = ["--init-token", "--free", "--label", TOKEN_LABEL, "--so-pin", SO_PIN]
    key = ["--import", str(pki.signer_key), "--token", TOKEN_LABEL, "--label", KEY_LABEL]
    for arguments in ([*initialise, "--pin", TOKEN_PIN], [*key, "--id", "01", "--pin", TOKEN_PIN]):
        subprocess.run(["softhsm2-util", *arguments], check=True, capture_output=True)


def settings_text(pki: ThrowawayPki, folder: Path, module: Path, workers: int) -> str:
    passphrase, pin = folder / "p12.passphrase", folder / "token.pin"
    passphrase.write_text(pki.passphrase + "\n", encoding="utf-8")
    pin.write_text(TOKEN_PIN + "\n", encoding="utf-8")
    common = (
        f'chain = ["{pki.intermediate_cert}"]\ntrust_roots = ["{pki.root_cert}"]\n'
        f'approvers = ["{ME}"]\n'
    )
    keys = {
        True: f'pkcs12 = "{pki.signer_pkcs12}"\npassphrase_file = "{passphrase}"\n',
        False: f'pkcs11_module = "{module}"\ntoken_label = "{TOKEN_LABEL}"\n'
        f'key_label = "{KEY_LABEL}"\npin_file = "{pin}"\ncertificate = "{pki.signer_cert}"\n',
    }
    text = f"[jobs]\ndocuments_at_once = {workers}\n"
    for variant in VARIANTS:
        text += f"[signing.profiles.{variant.profile}]\n{keys[variant.pkcs12]}{common}"
        if variant.stamp:
            text += f'[signing.profiles.{variant.profile}.appearance]\nkind = "agency"\n'

    return text


def use_settings(config: Path, data_dir: Path) -> Settings:
    """The settings as `sohoa` reads them: the file named by SOHOA_CONFIG, then SOHOA_*."""
    for key in [key for key in os.environ if key.startswith("SOHOA_")]:
        del os.environ[key]
    os.environ["SOHOA_CONFIG"] = str(config)
    os.environ["SOHOA_DATA_DIR"] = str(data_dir)
    return load_settings()


def make_outputs(folder: Path, count: int) -> list[Path]:
    """`count` copies of one digitized page, each with its own bytes."""
    folder.mkdir(parents=True)
    scan = folder / "scan.pdf"
    save_pdf([paper(corpus_text().split(), seed=7, code_in_text=dossier_code(7))], scan)
    template = folder / "template.pdf"
    digitize(scan, template)
    outputs = []
    for number in range(count):
        path = folder / f"{dossier_code(number)}.pdf"
        with pikepdf.open(template) as pdf:
            pdf.docinfo[pikepdf.Name("/SohoaBenchCopy")] = str(number)
            pdf.save(path)
        outputs.append(path)
    return outputs


# --- The floor: pyHanko alone -------------------------------------------------------------


def warm_up(settings: Settings, variant: Variant, source: Path, scratch: Path) -> None:
    """Load the signer and sign one file, so that no timed run pays for first uses."""
    profile = configured_profile(settings, variant.profile)
    load_signer(profile)
    sign_pdf(source, scratch / f"warm-{variant.profile}.pdf", profile, field_name=FIELD_NAME)


def time_floor(
    settings: Settings, variant: Variant, sources: list[Path], target: Path, page_one: str | None
) -> Timed:
    target.mkdir(parents=True)
    profile = configured_profile(settings, variant.profile)
    signed = [target / source.name for source in sources]
    timed = clocked(
        lambda: [
            sign_pdf(source, out, profile, field_name=FIELD_NAME, page_one=page_one)
            for source, out in zip(sources, signed, strict=True)
        ]
    )
    check_signed(signed, settings, variant)
    return timed


# --- The stamp's place: page 1 read for its words and ink, once, as intake does ------------


@dataclass(frozen=True)
class PlacementCost:
    documents: int
    wall_ms: float
    cpu_ms: float
    """This process and the pdftotext it starts."""
    boxes: int
    """Words and runs of ink found in the top half of one page."""


def time_placement(sources: list[Path]) -> PlacementCost:
    """What intake pays once per output so that signing need not read page 1 again:
    `signing.page_one.read_page_one` alone."""
    read_page_one(sources[0])  # first use: imports, caches
    started, cpu = time.monotonic(), _own_and_children_cpu()
    found = [read_page_one(source) for source in sources]
    wall, used = time.monotonic() - started, _own_and_children_cpu() - cpu
    count = len(sources)
    boxes = json.loads(found[0] or "{}").get("boxes", [])
    return PlacementCost(count, 1000 * wall / count, 1000 * used / count, len(boxes))


def _own_and_children_cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (pdftotext)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


# --- Sohoa: a batch approved and signed by jobs -------------------------------------------


def record_outputs(
    services: JobProcess, sources: list[Path], page_one: str | None, prefix: str = ""
) -> list[int]:
    """The outputs copied into the data folder and recorded as digitized results, each
    with what its page 1 holds as intake keeps it (the copies share one page)."""
    folder = services.layout.output_folder(UNIT, None)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    with services.store.writing() as session:
        unit = unit_id(session, UNIT)
        documents = []
        for source in sources:
            output = folder / f"{prefix}{source.name}"
            shutil.copyfile(source, output)
            documents.append(
                DocumentRecord(
                    sha256=hashlib.sha256(f"{prefix}{sha256_of(output)}".encode()).hexdigest(),
                    kind=DocumentKind.RESULT,
                    status=DocumentStatus.DIGITIZED,
                    unit_id=unit,
                    dossier_code=source.stem,
                    original_name=output.name,
                    inbox_path=f"{UNIT}/results/{output.name}",
                    archive_path=f"archive/{output.stem}",
                    output_path=services.layout.relative(output),
                    output_kind="PDF/A-2b",
                    page_one=page_one,
                    page_count=1,
                    notes="",
                    received_at=now,
                    digitized_at=now,
                )
            )
        session.add_all(documents)
        session.flush()
        return [document.id for document in documents]


def time_sohoa(
    settings: Settings, variant: Variant, sources: list[Path], page_one: str | None
) -> tuple[Timed, float, int]:
    """Approval to the last signing job done; also the submission's time and the workers."""
    workers = settings.jobs.documents_at_once or 2 * CORES
    services = open_job_process(settings, "local", digitize=False, local_workers=workers)
    try:
        queue = services.queue
        # Start the signing processes and open the key in each, as a service that has
        # signed before has done: a first batch of a few outputs, not timed.
        warm_up = record_outputs(services, sources[: 2 * CORES], page_one, prefix="warm-up-")
        sign_batch(services, queue, make_batch(services, variant.profile, warm_up, f"cli:{ME}"))
        documents = record_outputs(services, sources, page_one)
        batch = make_batch(services, variant.profile, documents, f"cli:{ME}")
        started = time.monotonic()
        submit(services, batch, f"cli:{ME}")
        submit_seconds = time.monotonic() - started
        timed = clocked(lambda: approve_and_sign(services, queue, batch))
        summary = batch_line(services.store, batch)
        assert summary is not None
        items = batch_items(services.store, batch)
        failed = [item for item in items if item.state != BatchItemState.SIGNED]
        if summary.signed != len(sources) or failed:
            problems = "; ".join(
                f"{item.document.original_name}: {item.state} {item.error}" for item in failed[:5]
            )
            raise SystemExit(
                f"{variant.label}: batch {batch} is {summary.state}, {summary.signed} of "
                f"{len(sources)} signed ({problems})"
            )
        signed = []
        for item in items:
            assert item.document.output_path is not None
            path = services.layout.absolute(item.document.output_path)
            if sha256_of(path) != item.signed_sha256:
                raise SystemExit(f"{variant.label}: {path} differs from its recorded hash")
            signed.append(path)
        check_signed(signed, settings, variant, field_name=f"Sohoa{batch}")
        return timed, submit_seconds, workers
    finally:
        services.close()


def sign_batch(services: JobProcess, queue: JobQueue, batch: int) -> None:
    submit(services, batch, f"cli:{ME}")
    approve_and_sign(services, queue, batch)


def approve_and_sign(services: JobProcess, queue: JobQueue, batch: int) -> None:
    approve(services, queue, batch, ME, "cli")  # queues the signing jobs
    while queue.pending():
        time.sleep(0.01)


# --- Measuring and checking ---------------------------------------------------------------


def clocked(work: Callable[[], object]) -> Timed:
    """Wall time, and CPU time of this process (every thread) and its signing processes."""
    wall, cpu = time.monotonic(), _cpu_seconds()
    work()
    return Timed(time.monotonic() - wall, _cpu_seconds() - cpu)


def _cpu_seconds() -> float:
    me = psutil.Process()
    processes = [me, *me.children(recursive=True)]
    return sum(sum(process.cpu_times()[:2]) for process in processes)


def check_signed(
    paths: list[Path], settings: Settings, variant: Variant, field_name: str = FIELD_NAME
) -> None:
    """A sample, first and last included, verifies against the test root."""
    roots = list(settings.signing.profiles[variant.profile].trust_roots)
    step = max(1, len(paths) // VERIFIED_SAMPLE)
    for path in [*paths[::step], paths[-1]]:
        report = verify_pdf(path, roots)
        fields = [check.field_name for check in report.signatures]
        if not report.all_valid or fields != [field_name]:
            raise SystemExit(f"{variant.label}: {path} does not verify: {report}")


def report(measured: list[Measured], output_bytes: int, placement: PlacementCost) -> str:
    rows = []
    for each in measured:
        for run, timed, cores in (
            ("pyHanko alone (1 thread)", each.floor, 1),
            (f"Sohoa ({each.workers} job threads)", each.sohoa, CORES),
        ):
            rate = each.rate(timed)
            rows.append(
                [
                    each.variant.label,
                    run,
                    str(each.files),
                    f"{timed.seconds:.1f}",
                    f"{timed.cpu_seconds:.1f}",
                    f"{timed.cpu_seconds / timed.seconds:.2f}",
                    f"{rate:.1f}",
                    f"{rate / cores:.1f}",
                    f"{each.ratio:.2f}" if timed is each.sohoa else "",
                ]
            )
    targets = [
        [
            f"Sohoa, {each.variant.label}: PDFs/s per core",
            f">= {PER_CORE_TARGET:.0f}",
            f"{each.rate(each.sohoa) / CORES:.1f}",
            "PASS" if each.rate(each.sohoa) / CORES >= PER_CORE_TARGET else "MISS",
        ]
        for each in measured
        if each.variant.pkcs12
    ]
    submits = ", ".join(f"{each.variant.label} {each.submit_seconds:.2f} s" for each in measured)
    return "\n".join(
        [
            "# Signing benchmark",
            "",
            f"One-page PDF/A outputs ({output_bytes / 2**20:.1f} MiB each, a 300-dpi scan) signed "
            "PAdES B-B (no timestamp service) on the embedded record; "
            f"CPU: {cpu_model()}, {CORES} cores. Sohoa's time runs "
            "from the approval to the last signing job done; per core divides Sohoa's rate "
            "by the machine's cores and the single-threaded loop's by one. CPU s is the "
            "CPU time over the run of the process (all threads) and its signing processes; "
            "cores busy, CPU s / wall s.",
            "",
            markdown_table(
                [
                    "profile",
                    "run",
                    "PDFs",
                    "wall s",
                    "CPU s",
                    "cores busy",
                    "PDFs/s",
                    "PDFs/s per core",
                    "Sohoa/floor",
                ],
                "llrrrrrrr",
                rows,
            ),
            "",
            markdown_table(["quantity", "target", "measured", "result"], "llrl", targets),
            "",
            f"Submitting the batch (hashing every output; not timed above): {submits}.",
            "",
            "What the stamp's place needs, read once per output when intake writes it and "
            "kept with the document (not in the runs above, which place each stamp from it): "
            "page 1's words with `pdftotext -bbox` and the ink of its scan (decoded at 1/8) "
            f"cost {placement.wall_ms:.1f} ms wall and {placement.cpu_ms:.1f} ms CPU per "
            f"document (with pdftotext's), over {placement.documents} documents, one at a "
            f"time; {placement.boxes} words and runs of ink in the top half of the page.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument(
        "--workers", type=int, default=0, help="jobs.documents_at_once; 0: two per core"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    arguments = parser.parse_args(argv)
    module = softhsm_module()
    measured = []
    with tempfile.TemporaryDirectory(prefix="sohoa-sign-bench-") as folder:
        root = Path(folder)
        pki = make_test_pki(root / "pki")
        make_token(root / "token", pki)
        config = root / "sohoa.toml"
        config.write_text(settings_text(pki, root, module, arguments.workers), encoding="utf-8")
        print(f"Digitizing one page into {arguments.files} outputs ...", file=sys.stderr)
        sources = make_outputs(root / "outputs", arguments.files)
        output_bytes = sources[0].stat().st_size
        print("Reading page 1 for the stamp's place ...", file=sys.stderr)
        placement = time_placement(sources[:PLACEMENT_SAMPLE])
        page_one = read_page_one(sources[0])
        for variant in VARIANTS:
            forget_signers()  # each profile opens its key afresh
            count = arguments.files
            files = sources
            settings = use_settings(config, root / variant.profile / "var")
            warm_up(settings, variant, files[0], root)
            print(f"{variant.label}, {count} files: pyHanko alone ...", file=sys.stderr)
            floor_folder = root / variant.profile / "floor"
            floor = time_floor(settings, variant, files, floor_folder, page_one)
            print(f"  {floor.seconds:.1f} s; Sohoa ...", file=sys.stderr)
            sohoa, submit_seconds, workers = time_sohoa(settings, variant, files, page_one)
            print(f"  {sohoa.seconds:.1f} s", file=sys.stderr)
            measured.append(Measured(variant, count, workers, floor, sohoa, submit_seconds))
        forget_signers()
    text = report(measured, output_bytes, placement)
    print(text)
    arguments.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
