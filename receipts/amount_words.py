"""The amount of a receipt in Vietnamese words, as accountants write it.

The amount is read in groups of three digits named nghìn, triệu and tỷ. Where practice
varies, Sohoa writes:

- "linh" for a zero tens digit before a nonzero unit (105 → "một trăm linh năm");
  ``zero_tens="lẻ"`` gives the other common spelling.
- "bốn" after "mươi" (24 → "hai mươi bốn"); ``four="tư"`` gives "hai mươi tư". "tư" is
  used only after "mươi": 14 is "mười bốn" and 104 "một trăm linh bốn" either way.
- "mốt" only after "mươi" (21 → "hai mươi mốt"; 11 → "mười một"; 101 → "một trăm linh
  một"); "lăm" after "mười" or "mươi" (15 → "mười lăm"; 105 → "một trăm linh năm").
- A group that is entirely zero is left out, never read "không nghìn": 1.000.001 →
  "một triệu không trăm linh một". Every other group after the first is read with all
  three digits: 1.020.000 → "một triệu không trăm hai mươi nghìn".
- "nghìn", not the southern "ngàn"; "tỷ", not "tỉ"; "mươi" always written ("hai mươi
  mốt", not "hai mốt"); no "chẵn" after round amounts.
- From 10^12 up, "tỷ" counts itself like any unit: 10^12 → "một nghìn tỷ",
  10^15 → "một triệu tỷ". Amounts of 10^18 or more raise ValueError (no "tỷ tỷ").
"""

from __future__ import annotations

from typing import Literal

Four = Literal["bốn", "tư"]
ZeroTens = Literal["linh", "lẻ"]

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 10**9
LIMIT = BILLION * BILLION  # first amount that would need "tỷ tỷ"


def amount_in_words(amount: int, *, four: Four = "bốn", zero_tens: ZeroTens = "linh") -> str:
    """Spell `amount` đồng: capitalised, ending in " đồng", NFC."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int of đồng, not {amount!r}")
    if amount < 0:
        raise ValueError(f"amount must not be negative: {amount}")
    if amount >= LIMIT:
        raise ValueError(f"amount too large to write in words: {amount} (limit {LIMIT - 1})")
    words = _spell(amount, leading=True, four=four, zero_tens=zero_tens) or ["không"]
    text = " ".join(words)
    return f"{text[0].upper()}{text[1:]} đồng"


def _spell(amount: int, *, leading: bool, four: Four, zero_tens: ZeroTens) -> list[str]:
    words: list[str] = []
    billions, rest = divmod(amount, BILLION)
    if billions:
        words += _spell(billions, leading=leading, four=four, zero_tens=zero_tens)
        words.append("tỷ")
        leading = False
    for group, unit in ((rest // 1_000_000, "triệu"), (rest // 1000 % 1000, "nghìn")):
        if group:
            words += _spell_group(group, leading=leading, four=four, zero_tens=zero_tens)
            words.append(unit)
            leading = False
    if rest % 1000:
        words += _spell_group(rest % 1000, leading=leading, four=four, zero_tens=zero_tens)
    return words


def _spell_group(group: int, *, leading: bool, four: Four, zero_tens: ZeroTens) -> list[str]:
    """Spell 1–999; a group after the first is read with its hundreds ("không trăm")."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    if hundreds or not leading:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: four, 5: "lăm"}.get(units, DIGITS[units]))
    return words
