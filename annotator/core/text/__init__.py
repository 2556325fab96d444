"""Text processing: decoding, language, normalisation, offset maps, folds and tokens."""

from __future__ import annotations

from annotator.core.text.align import OffsetMap
from annotator.core.text.decode import canonicalize, decode_bytes, read_text_file
from annotator.core.text.fold import fold, search_key
from annotator.core.text.lang import detect_language
from annotator.core.text.normalize import (
    Normalized,
    NormalizerPool,
    PersianNormalizer,
    normalize_document,
    normalize_none,
    normalize_safe,
)
from annotator.core.text.tokens import Token, Tokenizer
from annotator.core.text.utf16 import Utf16Index

__all__ = [
    "Normalized",
    "NormalizerPool",
    "OffsetMap",
    "PersianNormalizer",
    "Token",
    "Tokenizer",
    "Utf16Index",
    "canonicalize",
    "decode_bytes",
    "detect_language",
    "fold",
    "normalize_document",
    "normalize_none",
    "normalize_safe",
    "read_text_file",
    "search_key",
]
