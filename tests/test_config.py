from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from config import ConfigError, Settings, load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "sohoa.example.toml"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SOHOA_CONFIG", "SOHOA_DATA_DIR", "SOHOA_OCR__LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_defaults_put_all_state_under_var() -> None:
    settings = load_settings()
    assert settings.data_dir == Path("var")
    assert settings.ocr.language == "vie"


def test_the_example_file_documents_every_key_and_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOHOA_CONFIG", str(EXAMPLE))
    assert load_settings() == Settings()
    text = EXAMPLE.read_text(encoding="utf-8")
    documented = tomllib.loads(text)
    sections = {name for name, value in documented.items() if isinstance(value, dict)}
    commented_out = set(re.findall(r"^# (\w+) = ", text, flags=re.MULTILINE))
    for section in sections:
        fields = set(type(getattr(Settings(), section)).model_fields)
        assert set(documented[section]) <= fields, section
        assert set(documented[section]) | commented_out >= fields, section
    top_level = set(documented) - sections
    assert top_level | sections | commented_out >= set(Settings.model_fields)
    assert top_level | sections <= set(Settings.model_fields)


def test_the_example_signing_profiles_load_when_uncommented(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    head, signing = text.split("\n[signing]\n")
    uncommented = re.sub(r"^# (\[|\w+ = )", r"\1", signing, flags=re.MULTILINE)
    (tmp_path / "example.toml").write_text(head + "\n[signing]\n" + uncommented)
    monkeypatch.setenv("SOHOA_CONFIG", str(tmp_path / "example.toml"))
    settings = load_settings()
    profiles = settings.signing.profiles
    assert set(profiles) == {"ubnd-xa", "can-bo-tiep-nhan"}
    assert profiles["ubnd-xa"].approvers == ["hung", "minh"]
    assert profiles["can-bo-tiep-nhan"].appearance is not None
    assert profiles["can-bo-tiep-nhan"].appearance.name == "Nguyễn Thị Hoà"
    assert settings.signing.profile_for("ubnd-phuong-2", "intake") == "can-bo-tiep-nhan"
    assert settings.signing.profile_for("ubnd-phuong-2", "result") == "ubnd-xa"


def test_sohoa_toml_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / "sohoa.toml").write_text('data_dir = "elsewhere"\n[ocr]\nlanguage = "vie+eng"\n')
    settings = load_settings()
    assert settings.data_dir == Path("elsewhere")
    assert settings.ocr.language == "vie+eng"


def test_environment_wins_over_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "sohoa.toml").write_text('[ocr]\nlanguage = "vie+eng"\n')
    monkeypatch.setenv("SOHOA_OCR__LANGUAGE", "eng")
    monkeypatch.setenv("SOHOA_DATA_DIR", "/srv/sohoa")
    settings = load_settings()
    assert settings.ocr.language == "eng"
    assert settings.data_dir == Path("/srv/sohoa")


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("colour = 1\n", "colour"),
        ("[ocr]\nlangauge = 'vie'\n", "ocr.langauge"),
        ("[limits]\nmax_pages = -3\n", "limits.max_pages"),
    ],
)
def test_a_mistake_in_the_file_is_refused_naming_the_key(
    tmp_path: Path, content: str, named: str
) -> None:
    (tmp_path / "sohoa.toml").write_text(content)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    assert named in str(caught.value)
    assert "sohoa.toml" in str(caught.value)


def test_a_missing_config_file_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOHOA_CONFIG", "nowhere.toml")
    with pytest.raises(ConfigError, match=r"nowhere\.toml"):
        load_settings()
