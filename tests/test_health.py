"""`sohoa status`, `sohoa jobs` and /metrics say the same about workers, queue and jobs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.drops import UNIT, dossier_code, paper, save_pdf
from tests.support.service import sohoa
from tests.support.web import add_user, web_client, web_services


def test_status_jobs_and_metrics_after_a_small_drop(tmp_path: Path, words: list[str]) -> None:
    data_dir = tmp_path / "var"
    intake = data_dir / "inbox" / UNIT / "intake"
    intake.mkdir(parents=True)
    for number in range(2):
        code = dossier_code(number)
        save_pdf([paper(words, seed=number, code_in_text=code)], intake / f"scan-{number}.pdf")
    (intake / "hong.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf")
    done = sohoa(data_dir, "run", "--once")
    assert done.returncode == 0, done.stderr

    said = json.loads(sohoa(data_dir, "status", "--json").stdout)
    assert said["queue_depth"] == 0 and said["oldest_waiting_seconds"] == 0
    assert said["jobs"] == {"done": 2, "failed": 1}
    local = [worker for worker in said["workers"] if worker["kind"] == "local"]
    assert len(local) == 1 and local[0]["done"] == 3  # the failed job ended, quarantined

    failed = [json.loads(line) for line in jobs(data_dir, "--status", "failed").splitlines()]
    assert [(job["document"], job["attempts"]) for job in failed] == [("hong.pdf", 1)]
    assert "hong.pdf" in failed[0]["error"]
    every = [json.loads(line) for line in jobs(data_dir).splitlines()]
    assert sorted(job["document"] for job in every) == ["hong.pdf", "scan-0.pdf", "scan-1.pdf"]
    assert all(job["worker"] for job in every)
    assert "hong.pdf" in jobs(data_dir, "--status", "failed", "--table")

    add_user(data_dir, "quan", "admin")
    add_user(data_dir, "lan", "clerk", units=(UNIT,))
    with web_services(data_dir) as services, web_client(services) as client:
        refused = client.get("/metrics")  # the test client is not on the loopback address
        assert refused.status_code == 401
        for name, allowed in (("lan", False), ("quan", True)):
            token = sohoa(data_dir, "users", "token", name, "--label", "prometheus").stdout
            answer = client.get("/metrics", headers={"Authorization": f"Bearer {token.strip()}"})
            assert (answer.status_code == 200) is allowed, answer.text
    metrics = answer.text
    assert 'sohoa_jobs{status="done"} 2' in metrics
    assert 'sohoa_jobs{status="failed"} 1' in metrics
    assert "sohoa_queue_depth 0" in metrics
    assert "sohoa_workers_alive" in metrics


def jobs(data_dir: Path, *options: str) -> str:
    table = "--table" in options
    chosen = [option for option in options if option != "--table"]
    answer = sohoa(data_dir, "jobs", *chosen, *([] if table else ["--json"]))
    assert answer.returncode == 0, answer.stderr
    return answer.stdout
