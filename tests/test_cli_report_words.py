"""The rates report's definitions, group labels and missing-dossier details, and the audit
trail's proof under the rates and receipt-usage reports, as `sohoa` prints them: the
reports' own Vietnamese by default, English with `--lang en`; the `--json` answer keeps the
official Vietnamese in both languages (the exports and the web print it too).

Real `sohoa` processes on the browser tests' office (a register of two dossiers received
in December, a receipt issued), whose procedure is made to require its components.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from reports.rates_definitions import SENTENCES, Definition
from service.report_words import definition_said
from tests.support.office import REGISTERED, YEAR, prepare
from tests.support.service import SOHOA, environment
from tests.test_web_clerk import PROFILE

pytestmark = pytest.mark.slow

PERIOD = ("--from", f"{YEAR}-01-01", "--to", f"{YEAR}-12-31")
COMPONENT = "Tờ khai đăng ký khai sinh"
WEEK = date(YEAR, 12, 1).isocalendar().week


def has_diacritics(text: str) -> bool:
    return any(unicodedata.decomposition(letter) for letter in text if letter.isalpha())


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-words")
    data_dir = prepare(folder)
    settings = folder / "sohoa.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f'[audit]\ncheckpoint_profile = "{PROFILE}"\n',
        encoding="utf-8",
    )
    required = sohoa_in(
        data_dir, "en", "dossiers", "components", "1.001612", COMPONENT, "--rule", "all_required"
    )
    assert required.returncode == 0, required.stderr
    return data_dir


def sohoa_in(data_dir: Path, lang: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`sohoa` with no language asked for ("vi") or with `--lang en` ("en")."""
    env = environment(data_dir)
    for name in ("SOHOA_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        env.pop(name, None)
    env["COLUMNS"] = "200"
    prefix = ["--lang", "en"] if lang == "en" else []
    done = subprocess.run(
        [str(SOHOA), *prefix, *arguments],
        cwd=data_dir.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def rates(data_dir: Path, lang: str, *extra: str) -> list[str]:
    return sohoa_in(data_dir, lang, "rates", *PERIOD, *extra).stdout.splitlines()


def official(data_dir: Path, lang: str, *arguments: str) -> dict[str, object]:
    answer = json.loads(sohoa_in(data_dir, lang, *arguments, "--json").stdout)
    assert isinstance(answer, dict)
    return answer


def definitions_shown(lines: list[str]) -> list[str]:
    return [line.removeprefix("- ") for line in lines if line.startswith("- ")]


def test_every_definition_has_its_english() -> None:
    for definition in Definition:
        vietnamese = unicodedata.normalize("NFC", SENTENCES[definition])
        english = definition_said(vietnamese)  # this process speaks English
        assert english != vietnamese and not has_diacritics(english), definition


def test_rates_in_english_tell_the_reports_sentences_in_english(office: Path) -> None:
    by_week = rates(office, "en", "--by", "week", "--missing")
    by_channel = rates(office, "en", "--by", "channel")
    answer = official(office, "en", "rates", *PERIOD, "--by", "week")

    definitions = definitions_shown(by_week)
    assert len(definitions) == len(answer["definitions"]) >= 6  # type: ignore[arg-type]
    assert not any(has_diacritics(sentence) for sentence in definitions), definitions
    assert any(
        line.startswith("Under a procedure requiring every component") for line in definitions
    )
    assert any(line.startswith("By week (ISO weeks") for line in definitions)
    assert any(line.startswith(f"Week {WEEK:02d}/{YEAR} ") for line in by_week)
    assert any(line.startswith("Total ") for line in by_week)
    assert any(line.startswith("At the counter ") for line in by_channel)
    assert "The audit trail holds" in "\n".join(by_week)
    for code in REGISTERED:
        detail = f"{code}: intake - Components not digitized yet: {COMPONENT}."
        assert detail in by_week
    shown = "\n".join(by_week + by_channel)
    for vietnamese in ("Tổng cộng", "Tuần ", "Trực tiếp", "Nhật ký hệ thống", "Thành phần hồ sơ"):
        assert vietnamese not in shown, shown


def test_rates_in_vietnamese_show_the_reports_own_words(office: Path) -> None:
    by_week = rates(office, "vi", "--by", "week", "--missing")
    by_channel = rates(office, "vi", "--by", "channel")
    answer = official(office, "vi", "rates", *PERIOD, "--by", "week")

    assert definitions_shown(by_week) == answer["definitions"]
    assert answer["audit_trail"] in by_week
    assert any(line.startswith(f"Tuần {WEEK:02d}/{YEAR} ") for line in by_week)
    assert any(line.startswith("Tổng cộng ") for line in by_week)
    assert any(line.startswith("Trực tiếp ") for line in by_channel)
    for code in REGISTERED:
        assert f"{code}: tiếp nhận - Thành phần hồ sơ chưa số hóa: {COMPONENT}." in by_week


def test_json_keeps_the_official_vietnamese_in_english(office: Path) -> None:
    for arguments in (("rates", *PERIOD, "--by", "week"), ("receipts", "report", *PERIOD)):
        english, vietnamese = official(office, "en", *arguments), official(office, "vi", *arguments)
        assert english["audit_trail"] == vietnamese["audit_trail"]
        assert str(english["audit_trail"]).startswith("Nhật ký hệ thống có")
    rates_answer = official(office, "en", "rates", *PERIOD)
    assert all(has_diacritics(sentence) for sentence in rates_answer["definitions"])  # type: ignore[attr-defined]


def test_the_audit_proof_before_and_after_a_checkpoint_in_both_languages(office: Path) -> None:
    usage = ("receipts", "report", *PERIOD)

    def proof_lines(lang: str) -> tuple[str, str]:
        shown = sohoa_in(office, lang, *usage).stdout.splitlines()[-1]
        return shown, str(official(office, lang, *usage)["audit_trail"])

    english, _official = proof_lines("en")
    vietnamese, kept = proof_lines("vi")
    assert re.fullmatch(
        r"The audit trail holds [\d.]+ entries; no checkpoint has been signed yet\.", english
    ), english
    assert vietnamese == kept

    sohoa_in(office, "en", "audit", "checkpoint")
    english, _official = proof_lines("en")
    vietnamese, kept = proof_lines("vi")
    assert re.fullmatch(
        r"The audit trail holds [\d.]+ entries; the checkpoint signed at \d\d:\d\d on "
        r"\d\d/\d\d/\d{4} confirms the first [\d.]+ entries, hash [0-9a-f]{16}, which match "
        r"the trail as it is now\.",
        english,
    ), english
    assert vietnamese == kept and "điểm kiểm chứng ký lúc" in vietnamese
