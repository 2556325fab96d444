"""Digits: Persian (۰-۹), Arabic-Indic (٠-٩) and ASCII read as one number."""

from __future__ import annotations

_TO_ASCII = {chr(0x06F0 + d): str(d) for d in range(10)} | {
    chr(0x0660 + d): str(d) for d in range(10)
}
_TABLE = str.maketrans(_TO_ASCII)

DIGIT_CLASS = "[0-9\u0660-\u0669\u06f0-\u06f9]"


def to_ascii(text: str) -> str:
    """The text with every Persian and Arabic-Indic digit as its ASCII digit; same length."""
    return text.translate(_TABLE)


def parse_int(text: str) -> int:
    """«۱۴۰۳», «٢٠١٧» or «2017» (digit systems may even mix) as an int; ValueError otherwise."""
    ascii_digits = to_ascii(text.strip())
    if not ascii_digits.isascii() or not ascii_digits.isdigit():
        raise ValueError(f"not a number: {text!r}")
    return int(ascii_digits)
