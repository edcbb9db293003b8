"""Read back an amount written in words by `amount_in_words`.

Accepted: exactly what `amount_in_words` writes, with either option ("tư", "lẻ"), in any
letter case, with or without the final "đồng". Anything else is refused rather than
guessed at: colloquial forms ("một trăm mốt" for 110, "hai mốt"), "không nghìn", "ngàn",
or "linh" and "lẻ" mixed in one amount.
"""

from __future__ import annotations

import unicodedata

from receipts.amount_words import BILLION, DIGITS, Four, ZeroTens, amount_in_words

_VALUES = {word: value for value, word in enumerate(DIGITS)}
_UNITS = {**_VALUES, "mốt": 1, "tư": 4, "lăm": 5}


def amount_from_words(words: str) -> int:
    """The number of đồng `words` spells; ValueError unless Sohoa would write it so."""
    tokens = unicodedata.normalize("NFC", words).lower().split()
    if tokens and tokens[-1] == "đồng":
        tokens.pop()
    try:
        amount = 0 if tokens == ["không"] else _read(tokens)
    except KeyError:
        amount = -1
    four: Four = "tư" if "tư" in tokens else "bốn"
    zero_tens: ZeroTens = "lẻ" if "lẻ" in tokens else "linh"
    # The value is read leniently; writing it again is what holds the text to one form.
    if amount < 0 or tokens != _tokens(amount, four, zero_tens):
        raise ValueError(f"not an amount in words: {words!r}")
    return amount


def _tokens(amount: int, four: Four, zero_tens: ZeroTens) -> list[str]:
    return amount_in_words(amount, four=four, zero_tens=zero_tens).lower().split()[:-1]


def _read(tokens: list[str]) -> int:
    if "tỷ" in tokens:
        last = len(tokens) - 1 - tokens[::-1].index("tỷ")
        return _read(tokens[:last]) * BILLION + _read_below_billion(tokens[last + 1 :])
    return _read_below_billion(tokens)


def _read_below_billion(tokens: list[str]) -> int:
    total = 0
    for unit, scale in (("triệu", 1_000_000), ("nghìn", 1000)):
        if unit in tokens:
            at = tokens.index(unit)
            total += _read_group(tokens[:at]) * scale
            tokens = tokens[at + 1 :]
    return total + (_read_group(tokens) if tokens else 0)


def _read_group(tokens: list[str]) -> int:
    if not tokens:
        raise KeyError("empty group")
    value = 0
    if len(tokens) >= 2 and tokens[1] == "trăm":
        value, tokens = _VALUES[tokens[0]] * 100, tokens[2:]
    if tokens and tokens[0] in ("linh", "lẻ"):
        tokens = tokens[1:]
    if tokens and tokens[0] == "mười":
        value, tokens = value + 10, tokens[1:]
    elif len(tokens) >= 2 and tokens[1] == "mươi":
        value, tokens = value + _VALUES[tokens[0]] * 10, tokens[2:]
    if tokens:
        value, tokens = value + _UNITS[tokens[0]], tokens[1:]
    if tokens:
        raise KeyError(tokens[0])
    return value
