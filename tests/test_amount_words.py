"""Amounts in words: DOMAIN.md's examples, a table written by hand, a round-trip property."""

from __future__ import annotations

import random
import unicodedata
from typing import Any

import pytest

from receipts.amount_parse import amount_from_words
from receipts.amount_words import amount_in_words

DOMAIN_EXAMPLES = [
    (1_014, "một nghìn không trăm mười bốn"),
    (105, "một trăm linh năm"),
    (21, "hai mươi mốt"),
    (15, "mười lăm"),
    (25, "hai mươi lăm"),
    (24, "hai mươi bốn"),
    (1_020_000, "một triệu không trăm hai mươi nghìn"),
    (2_082_000, "hai triệu không trăm tám mươi hai nghìn"),
]

TABLE = [
    (0, "Không đồng"),
    (1, "Một đồng"),
    (2, "Hai đồng"),
    (3, "Ba đồng"),
    (4, "Bốn đồng"),
    (5, "Năm đồng"),
    (6, "Sáu đồng"),
    (7, "Bảy đồng"),
    (8, "Tám đồng"),
    (9, "Chín đồng"),
    (10, "Mười đồng"),
    (11, "Mười một đồng"),
    (12, "Mười hai đồng"),
    (13, "Mười ba đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (16, "Mười sáu đồng"),
    (17, "Mười bảy đồng"),
    (18, "Mười tám đồng"),
    (19, "Mười chín đồng"),
    (20, "Hai mươi đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi bốn đồng"),
    (25, "Hai mươi lăm đồng"),
    (30, "Ba mươi đồng"),
    (41, "Bốn mươi mốt đồng"),
    (55, "Năm mươi lăm đồng"),
    (99, "Chín mươi chín đồng"),
    (100, "Một trăm đồng"),
    (101, "Một trăm linh một đồng"),
    (105, "Một trăm linh năm đồng"),
    (110, "Một trăm mười đồng"),
    (111, "Một trăm mười một đồng"),
    (115, "Một trăm mười lăm đồng"),
    (121, "Một trăm hai mươi mốt đồng"),
    (200, "Hai trăm đồng"),
    (999, "Chín trăm chín mươi chín đồng"),
    (1_000, "Một nghìn đồng"),
    (1_001, "Một nghìn không trăm linh một đồng"),
    (1_010, "Một nghìn không trăm mười đồng"),
    (1_014, "Một nghìn không trăm mười bốn đồng"),
    (1_100, "Một nghìn một trăm đồng"),
    (1_205, "Một nghìn hai trăm linh năm đồng"),
    (10_005, "Mười nghìn không trăm linh năm đồng"),
    (15_000, "Mười lăm nghìn đồng"),
    (21_000, "Hai mươi mốt nghìn đồng"),
    (50_000, "Năm mươi nghìn đồng"),
    (100_000, "Một trăm nghìn đồng"),
    (105_000, "Một trăm linh năm nghìn đồng"),
    (250_050, "Hai trăm năm mươi nghìn không trăm năm mươi đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_000_001, "Một triệu không trăm linh một đồng"),
    (1_000_500, "Một triệu năm trăm đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
    (1_020_000, "Một triệu không trăm hai mươi nghìn đồng"),
    (1_500_000, "Một triệu năm trăm nghìn đồng"),
    (2_082_000, "Hai triệu không trăm tám mươi hai nghìn đồng"),
    (5_555_555, "Năm triệu năm trăm năm mươi lăm nghìn năm trăm năm mươi lăm đồng"),
    (10_000_000, "Mười triệu đồng"),
    (20_000_100, "Hai mươi triệu một trăm đồng"),
    (
        21_001_001,
        "Hai mươi mốt triệu không trăm linh một nghìn không trăm linh một đồng",
    ),
    (
        101_010_101,
        "Một trăm linh một triệu không trăm mười nghìn một trăm linh một đồng",
    ),
    (700_000_070, "Bảy trăm triệu không trăm bảy mươi đồng"),
    (1_000_000_000, "Một tỷ đồng"),
    (1_000_000_001, "Một tỷ không trăm linh một đồng"),
    (1_000_001_000, "Một tỷ không trăm linh một nghìn đồng"),
    (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
    (10_000_000_000, "Mười tỷ đồng"),
    (
        15_015_015_015,
        "Mười lăm tỷ không trăm mười lăm triệu không trăm mười lăm nghìn không trăm mười lăm đồng",
    ),
    (
        44_444_444_444,
        "Bốn mươi bốn tỷ bốn trăm bốn mươi bốn triệu bốn trăm bốn mươi bốn nghìn"
        " bốn trăm bốn mươi bốn đồng",
    ),
    (100_000_000_001, "Một trăm tỷ không trăm linh một đồng"),
    (
        999_999_999_999,
        "Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu"
        " chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
    ),
    # Beyond 999 tỷ, tỷ is counted like any unit.
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (1_000_001_000_000, "Một nghìn tỷ không trăm linh một triệu đồng"),
    (2_500_000_000_000, "Hai nghìn năm trăm tỷ đồng"),
    (1_000_000_000_000_000, "Một triệu tỷ đồng"),
    (
        10**18 - 1,
        "Chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
        " chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu"
        " chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
    ),
]

VARIANTS: list[tuple[int, dict[str, Any], str]] = [
    (24, {"four": "tư"}, "Hai mươi tư đồng"),
    (44, {"four": "tư"}, "Bốn mươi tư đồng"),
    (14, {"four": "tư"}, "Mười bốn đồng"),
    (104, {"four": "tư"}, "Một trăm linh bốn đồng"),
    (24_024, {"four": "tư"}, "Hai mươi tư nghìn không trăm hai mươi tư đồng"),
    (105, {"zero_tens": "lẻ"}, "Một trăm lẻ năm đồng"),
    (1_001, {"zero_tens": "lẻ"}, "Một nghìn không trăm lẻ một đồng"),
    (5, {"zero_tens": "lẻ"}, "Năm đồng"),
    (
        104_024,
        {"four": "tư", "zero_tens": "lẻ"},
        "Một trăm lẻ bốn nghìn không trăm hai mươi tư đồng",
    ),
]

DIGIT_WORDS = {"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}
UNIT_WORDS = {"nghìn", "triệu", "tỷ"}
ALLOWED = DIGIT_WORDS | UNIT_WORDS | {"mốt", "tư", "lăm", "mười", "mươi", "trăm", "linh", "lẻ"}


def test_table_has_enough_rows() -> None:
    assert len(TABLE) >= 40
    assert len({amount for amount, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("amount", "words"), DOMAIN_EXAMPLES)
def test_domain_examples(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words[0].upper() + words[1:] + " đồng"


def test_domain_accepts_tu_for_24() -> None:
    assert amount_in_words(24, four="tư") == "Hai mươi tư đồng"


@pytest.mark.parametrize(("amount", "words"), TABLE)
def test_table(amount: int, words: str) -> None:
    assert amount_in_words(amount) == words
    assert amount_from_words(words) == amount


@pytest.mark.parametrize(("amount", "options", "words"), VARIANTS)
def test_variants(amount: int, options: dict[str, Any], words: str) -> None:
    assert amount_in_words(amount, **options) == words
    assert amount_from_words(words) == amount


@pytest.mark.parametrize("amount", [-1, -1_000_000])
def test_negative_amounts_are_refused(amount: int) -> None:
    with pytest.raises(ValueError, match=str(amount)):
        amount_in_words(amount)


def test_amounts_needing_ty_ty_are_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        amount_in_words(10**18)


@pytest.mark.parametrize("amount", [True, 1.0, "1"])
def test_non_integers_are_refused(amount: Any) -> None:
    with pytest.raises(TypeError):
        amount_in_words(amount)


def test_parse_is_lenient_about_case_spacing_normalisation_and_dong() -> None:
    assert amount_from_words("hai triệu không trăm tám mươi hai nghìn") == 2_082_000
    assert amount_from_words("  MỘT   trăm linh năm ĐỒNG ") == 105
    assert amount_from_words(unicodedata.normalize("NFD", "Mười lăm đồng")) == 15
    assert amount_from_words("không") == 0


@pytest.mark.parametrize(
    "words",
    [
        "",
        "đồng",
        "một trăm mốt",  # colloquial 110
        "hai mốt",
        "hai mươi năm",
        "một mươi",
        "mười tư",
        "một trăm linh tư",
        "không trăm linh năm",
        "một triệu không nghìn không trăm linh một",
        "một ngàn",
        "một tỉ",
        "một trăm linh năm nghìn không trăm lẻ năm",  # linh and lẻ mixed
        "hai mươi tư nghìn không trăm hai mươi bốn",  # tư and bốn mixed
        "một trăm linh",
        "nghìn",
        "một nghìn nghìn",
        "một tỷ tỷ",
        "hai mươi bốn đồng đồng",
        "24",
    ],
)
def test_parse_refuses_other_forms(words: str) -> None:
    with pytest.raises(ValueError):
        amount_from_words(words)


def random_amounts(count: int) -> list[int]:
    """Digit counts drawn uniformly from 1 to 12, then digits, zeros favoured."""
    rng = random.Random(20_250_701)
    amounts = []
    for _ in range(count):
        length = rng.randint(1, 12)
        first = rng.choice("0123456789" if length == 1 else "123456789")
        rest = "".join(rng.choice("0000123456789") for _ in range(length - 1))
        amounts.append(int(first + rest))
    return amounts


def check_grammar(words: str) -> None:
    """Rules stated independently of the speller: which word may follow which."""
    assert unicodedata.is_normalized("NFC", words), words
    assert words[0].isupper() and words.endswith(" đồng"), words
    tokens = words.lower().split()[:-1]
    assert set(tokens) <= ALLOWED, words
    if tokens == ["không"]:
        return
    for before, word, after in zip(["^", *tokens[:-1]], tokens, [*tokens[1:], "$"], strict=True):
        if word == "mốt":
            assert before == "mươi", words
        elif word == "lăm":
            assert before in {"mười", "mươi"}, words
        elif word == "tư":
            assert before == "mươi", words
        elif word in {"linh", "lẻ"}:
            assert before == "trăm", words
            assert after in DIGIT_WORDS - {"không"}, words
        elif word == "mươi":
            assert before in DIGIT_WORDS - {"không", "một"}, words
        elif word == "trăm":
            assert before in DIGIT_WORDS, words
        elif word == "không":
            assert after == "trăm", words
        elif word in UNIT_WORDS:
            assert before not in UNIT_WORDS | {"^", "linh", "lẻ"}, words


def test_random_amounts_round_trip() -> None:
    amounts = random_amounts(10_000)
    seen = {"linh": 0, "mốt": 0, "lăm": 0, "không trăm": 0, "mười": 0, "zero group": 0}
    for amount in amounts:
        words = amount_in_words(amount)
        check_grammar(words)
        assert amount_from_words(words) == amount, words
        variant = amount_in_words(amount, four="tư", zero_tens="lẻ")
        check_grammar(variant)
        assert variant == words.replace("linh", "lẻ").replace("mươi bốn", "mươi tư")
        assert amount_from_words(variant) == amount, variant
        for feature in seen:
            seen[feature] += feature in words
        seen["zero group"] += amount >= 10**6 and amount // 1000 % 1000 == 0
    assert all(count >= 100 for count in seen.values()), seen
