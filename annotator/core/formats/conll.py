"""CoNLL / BIO token files: one token per line, its tag(s) after it, sentences between blanks.

Import rebuilds the text from the tokens (single spaces within a sentence, "\\n" between
sentences, "\\n\\n" at a Wojood `$#$` paragraph marker), so token offsets are exact by
construction. Tags may be IOB2, IOB1, BIOES or BILOU; a type is everything after the first
`-` (`B-Population-Center`), or `_` (PEYMA's `B_ORG`). Export writes one `token<TAB>TAG`
line per token.

The tag codec is bio.py, shared with the Hugging Face format; the IDRISI JSONL reader is
idrisi.py (both names are still importable from here).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from annotator.core.errors import InputError, InputProblem
from annotator.core.formats.atomic import AtomicFile
from annotator.core.formats.bio import (
    SENTENCE_FINAL,
    TagArrays,
    TagDecoding,
    TaggedTokens,
    TagNames,
    is_tag,
    spans_from_tags,
    tag_arrays,
    tag_document,
    tag_tokens,
)
from annotator.core.formats.bio_batch import WRITER, Losses, tag_batch
from annotator.core.formats.exchange import ExportDoc, WriteReport
from annotator.core.formats.idrisi import read_idrisi, sniff_idrisi
from annotator.core.formats.records import (
    ReadItem,
    SourceRecord,
    SourceSpan,
    first_line_title,
)
from annotator.core.text.decode import read_text_file
from annotator.core.text.splice import Pool, interleave
from annotator.core.text.tokens import (
    code_points,
)

DOCSTART = "-DOCSTART-"
PARAGRAPH_MARK = "$#$"  # Wojood: a pseudo-token ending a paragraph
LRM = "\u200e"
_MAX_LISTED = 10  # line numbers named in one warning


# --- Reading -------------------------------------------------------------------------------


@dataclass
class _Sentence:
    """Tokens as parallel lists (text, tags, line number): a file holds a million of them,
    and an object each cost more than reading the file (issue 12)."""

    texts: list[str] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)  # shared by tokens of one line text
    lines: list[int] = field(default_factory=list)
    paragraph_end: bool = False
    decoded: TagDecoding | None = None  # kept from the scheme pass for the record

    def decode(self) -> TagDecoding:
        if self.decoded is None:
            self.decoded = spans_from_tags(self.tags)
        return self.decoded


@dataclass
class _Doc:
    line: int
    sentences: list[_Sentence] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    end_char: int = 0  # position in the decoded file, for progress


@dataclass
class _FileStats:
    lrm: int = 0
    paragraph_marks: int = 0
    dropped_empty: list[int] = field(default_factory=list)
    end_tags: bool = False  # some token has an E-, S-, L- or U- tag


def read_conll(path: Path, encoding: str | None = None) -> Iterator[ReadItem]:
    """Yield one record per document (the file, or each `-DOCSTART-` part), or problems.

    The file is read whole: deciding IOB1 against IOB2, and nested columns against
    feature columns, needs every line, and corpora in this format are a few MB at most.
    """
    try:
        content = read_text_file(path, encoding)
    except InputError as exc:
        yield exc.problem
        return
    lines = content.split("\n")
    pipe = _pipe_separated(lines)
    nested = not pipe and _nested_columns(lines)
    stats = _FileStats()
    docs, split_by_docstart = _parse(str(path), lines, pipe, nested, stats)
    scheme, orphans = _scheme(docs, stats.end_tags)
    file_warnings = _file_warnings(stats, lines, docs)
    size, length = path.stat().st_size, max(len(content), 1)
    number = 0
    for doc in docs:
        yield from doc.problems
        if doc.problems or not any(s.texts for s in doc.sentences):
            continue
        number += 1
        yield _record(
            path,
            doc,
            number=number if split_by_docstart else None,
            scheme=scheme,
            warn_orphans=orphans,
            file_warnings=file_warnings,
            nested=nested,
            bytes_done=size * doc.end_char // length,
        )


def _columns(line: str, pipe: bool) -> list[str]:
    if "\t" in line:
        return [c for c in map(str.strip, line.split("\t")) if c]
    if pipe:
        token, bar, tag = line.rpartition("|")
        return [token, tag.strip()] if bar and token else [line]
    return line.split()


def _pipe_separated(lines: list[str]) -> bool:
    """PEYMA style `token|tag`: most lines have no blank in them and a tag after the last `|`."""
    sample = [s for s in (ln.strip() for ln in lines[:2000]) if s][:500]
    piped = sum(
        1 for s in sample if not any(c.isspace() for c in s) and is_tag(s.rpartition("|")[2])
    )
    return bool(sample) and piped >= 0.8 * len(sample)


def _nested_columns(lines: list[str]) -> bool:
    """Wojood style: the number of columns varies and every column after the token is a tag.

    A fixed number of columns (CoNLL-2003 `EU NNP B-NP B-ORG`) means feature columns and
    the tag in the last one.
    """
    widths: set[int] = set()
    for line in set(map(str.strip, lines)):  # a corpus repeats most of its lines
        cols = _columns(line, False)
        if len(cols) < 2 or cols[0] == DOCSTART or cols[0] == PARAGRAPH_MARK:
            continue
        if not all(is_tag(c) for c in cols[1:]):
            return False
        widths.add(len(cols))
    return len(widths) > 1


def _parse(
    path: str, lines: list[str], pipe: bool, nested: bool, stats: _FileStats
) -> tuple[list[_Doc], bool]:
    docs = [_Doc(line=1)]
    sentence = _Sentence()
    split_by_docstart = False
    position = 0
    # What a line says depends only on its text: a corpus repeats most lines ("في<TAB>O"),
    # so each distinct one is read once.
    said: dict[str, tuple[Any, ...]] = {}

    def end_sentence(paragraph: bool = False) -> None:
        nonlocal sentence
        if sentence.texts:
            sentence.paragraph_end = paragraph
            docs[-1].sentences.append(sentence)
            sentence = _Sentence()
        elif paragraph and docs[-1].sentences:
            docs[-1].sentences[-1].paragraph_end = True

    for number, raw in enumerate(lines, start=1):
        position += len(raw) + 1
        docs[-1].end_char = position
        stripped = raw.strip()
        if not stripped:
            end_sentence()
            continue
        line = said.get(stripped)
        if line is None:
            line = said[stripped] = _read_line(stripped, pipe, nested)
        what = line[0]
        if what is _TOKEN:
            if line[3]:
                stats.lrm += 1
            sentence.texts.append(line[1])
            sentence.tags.append(line[2])
            sentence.lines.append(number)
        elif what is _DOCSTART:
            end_sentence()
            split_by_docstart = True
            if docs[-1].sentences or docs[-1].problems:
                docs.append(_Doc(line=number))
            else:
                docs[-1].line = number
        elif what is _PARAGRAPH:
            stats.paragraph_marks += 1
            end_sentence(paragraph=True)
        elif what is _PROBLEM:
            docs[-1].problems.append(InputProblem(path, line[1], number))
        elif what is _DROPPED:
            stats.lrm += 1
            stats.dropped_empty.append(number)
    end_sentence()
    stats.end_tags = any(
        tag[0] in "ESLU" for line in said.values() if line[0] is _TOKEN for tag in line[2]
    )
    return docs, split_by_docstart


_TOKEN, _DOCSTART, _PARAGRAPH, _PROBLEM, _DROPPED, _COMMENT = (
    "token",
    "docstart",
    "paragraph",
    "problem",
    "dropped",
    "comment",
)


def _read_line(stripped: str, pipe: bool, nested: bool) -> tuple[Any, ...]:
    """What a non-blank line is: (_TOKEN, token, tags, had a U+200E mark), a document or
    paragraph marker, a comment, a problem (with its message), or a token that was only a
    U+200E mark."""
    cols = _columns(stripped, pipe)
    if cols[0] == DOCSTART:
        return (_DOCSTART,)
    if stripped.startswith("#") and not (len(cols) >= 2 and is_tag(cols[-1])):
        return (_COMMENT,)  # a comment (`# id = ...`); `#<TAB>O` is a hashtag token
    if cols[0] == PARAGRAPH_MARK:
        return (_PARAGRAPH,)
    if len(cols) < 2:
        return (_PROBLEM, f"expected a token and a tag, found only {stripped!r}")
    tags = _tags(cols, nested)
    bad = [t for t in tags if not is_tag(t)]
    if bad:
        return (
            _PROBLEM,
            f"{bad[0]!r} is not a BIO tag (expected O, B-TYPE, I-TYPE, E-/S-/L-/U-TYPE)",
        )
    token = cols[0]
    if LRM not in token:
        return (_TOKEN, token, tags, False)
    token = token.replace(LRM, "")
    return (_TOKEN, token, tags, True) if token else (_DROPPED,)


def _tags(cols: list[str], nested: bool) -> list[str]:
    if nested:
        return cols[1:]
    last = cols[-1]
    parts = last.split()
    if len(parts) > 1 and all(is_tag(p) for p in parts):
        return parts  # several tags in one TAB-separated column
    return [last]


def _scheme(docs: list[_Doc], end_tags: bool) -> tuple[str, bool]:
    """The file's scheme, and whether I- tags that start a span deserve a warning.

    IOB1 starts spans with I- and uses B- only between two adjacent spans of one type, so
    a file where no B- opens a fresh span but some I- does is IOB1.
    """
    fresh_b = orphans = 0
    for doc in docs:
        for sentence in doc.sentences:
            decoded = sentence.decode()
            fresh_b += decoded.fresh_b
            orphans += len(decoded.orphan_starts)
    if end_tags:
        return "bioes", True
    if orphans and not fresh_b:
        return "iob1", False
    return "iob2", True


def _file_warnings(stats: _FileStats, lines: list[str], docs: list[_Doc]) -> list[str]:
    warnings = []
    if stats.lrm:
        warnings.append(
            f"{stats.lrm} token(s) carried U+200E LEFT-TO-RIGHT MARK; it was removed from them"
        )
    if stats.dropped_empty:
        warnings.append(
            "line(s) " + _listed(stats.dropped_empty) + " held only a U+200E mark as the token "
            "and were left out"
        )
    if stats.paragraph_marks:
        warnings.append(
            f"{stats.paragraph_marks} '$#$' paragraph marker(s) became paragraph breaks"
        )
    ended = False  # whether a blank line follows the last token line
    for line in reversed(lines[:-1] if lines and not lines[-1] else lines):
        if line.strip():
            break
        ended = True
    if docs and docs[-1].sentences and not ended:
        last = docs[-1].sentences[-1]
        if last.texts and last.texts[-1] not in SENTENCE_FINAL:
            warnings.append(
                f"the file ends at line {last.lines[-1]} with no blank line after a sentence "
                "that does not end in punctuation: it may be cut short"
            )
    return warnings


def _listed(numbers: Sequence[object]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_MAX_LISTED])
    more = len(numbers) - _MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _record(
    path: Path,
    doc: _Doc,
    number: int | None,
    scheme: str,
    warn_orphans: bool,
    file_warnings: list[str],
    nested: bool,
    bytes_done: int,
) -> SourceRecord:
    parts: list[str] = []
    spans: list[SourceSpan] = []
    orphan_lines: list[str] = []
    position = 0
    tokens = 0
    for k, sentence in enumerate(doc.sentences):
        if k:
            gap = "\n\n" if doc.sentences[k - 1].paragraph_end else "\n"
            parts.append(gap)
            position += len(gap)
        texts = sentence.texts
        joined = " ".join(texts)  # token j starts after j spaces and the tokens before it
        decoded = sentence.decode()
        if decoded.spans:
            after = [0, *accumulate(map(len, texts))]
            spans.extend(
                SourceSpan(position + after[first] + first, position + after[end] + end - 1, kind)
                for first, end, kind in decoded.spans
            )
        for i in decoded.orphan_starts:
            tags = sentence.tags[i]
            prev = sentence.tags[i - 1] if i else ["(sentence start)"]
            orphan_lines.append(f"{sentence.lines[i]} ({' '.join(tags)} after {' '.join(prev)})")
        parts.append(joined)
        position += len(joined)
        tokens += len(texts)
    text = "".join(parts)
    warnings = list(file_warnings)
    if warn_orphans and orphan_lines:
        warnings.append(
            f"{len(orphan_lines)} span(s) start with I-/E- instead of B-, each taken as a new "
            "span: line " + _listed(orphan_lines)
        )
    meta: dict[str, Any] = {
        "source_format": "conll",
        "tag_scheme": scheme,
        "sentences": len(doc.sentences),
        "tokens": tokens,
    }
    if nested:
        meta["nested_tags"] = True
    if warnings:
        meta["import_warnings"] = warnings
    return SourceRecord(
        path=str(path),
        line=doc.line,
        ext_id=None if number is None else f"{path.stem}#{number}",
        text=text,
        title=first_line_title(text),
        meta=meta,
        status="done",  # every token carries a decided tag: an all-O document is finished too
        spans=tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.label))),
        has_annotations=True,
        bytes_done=bytes_done,
    )


def sniff_conll(path: Path, head: str) -> str | None:
    """Token lines with BIO tags in the last column: most lines, and some not `O`."""
    if head.lstrip("\ufeff").startswith(("#FORMAT=", "{", "[")):
        return None
    lines = head.split("\n")
    if len(head) >= 65536 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut short
    sample = [ln.strip() for ln in lines if ln.strip()][:400]
    pipe = _pipe_separated(sample)
    token_lines = tagged = entity = 0
    scheme_letters: set[str] = set()
    for line in sample:
        cols = _columns(line, pipe)
        if cols[0] in (DOCSTART, PARAGRAPH_MARK) or (line.startswith("#") and not is_tag(cols[-1])):
            continue
        token_lines += 1
        if len(cols) < 2 or len(cols) > 12 or (" " in cols[0]):
            continue
        tags = _tags(cols, _all_tags(cols))
        if all(is_tag(t) for t in tags):
            tagged += 1
            for t in tags:
                if t != "O":
                    entity += 1
                    scheme_letters.add(t[0])
    if token_lines < 3 or tagged < 0.95 * token_lines or not entity:
        return None
    scheme = "BIOES" if scheme_letters & set("ESLU") else "BIO"
    sep = "`|`" if pipe else "TAB" if "\t" in head[:4096] else "space"
    return f"CoNLL tokens ({scheme} tags, {sep}-separated)"


def _all_tags(cols: list[str]) -> bool:
    return len(cols) > 2 and all(is_tag(c) for c in cols[1:])


class _LineEndings:
    """`<TAB>TAG<LF>` for each tag name, then each with the blank line ending a sentence,
    then each with the blank line and what starts the next document (`after`), as code
    points: built again only when a writer's names have grown."""

    def __init__(self, after: str = "") -> None:
        self._names = 0
        self._after = after
        self.codes = np.zeros(0, dtype=np.uint32)
        self.starts = self.lengths = np.zeros(0, dtype=np.int64)

    def of(self, names: list[str]) -> _LineEndings:
        if len(names) != self._names:
            gaps = ("", "\n", "\n" + self._after)
            endings = [f"\t{name}\n{gap}" for gap in gaps for name in names]
            self.lengths = np.array(list(map(len, endings)), dtype=np.int64)
            self.starts = np.cumsum(self.lengths) - self.lengths
            self.codes = code_points("".join(endings))
            self._names = len(names)
        return self


def conll_lines(tagged: TagArrays, endings: _LineEndings | None = None) -> str:
    """`token<TAB>TAG` lines, a blank line after each sentence: each token's text gathered
    from the document, followed by its line ending, in one pass over arrays instead of a
    string per token."""
    return _lines(
        tagged.text,
        tagged.codes,
        tagged.starts,
        tagged.ends,
        tagged.tag_ids,
        tagged.names,
        np.array(tagged.breaks, dtype=np.int64),
        np.zeros(0, dtype=np.int64),
        endings or _LineEndings(),
    )


def _lines(
    text: str,
    codes: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    tag_ids: np.ndarray,
    names: list[str],
    breaks: np.ndarray,
    doc_ends: np.ndarray,
    endings: _LineEndings,
) -> str:
    """The lines of tokens cut into sentences at `breaks`; after the tokens `doc_ends` the
    next document starts (its first line is the endings' `after`)."""
    endings = endings.of(names)
    pool = Pool(text, codes)
    at = endings.starts + pool.add_codes(endings.codes)
    last = np.zeros(len(starts), dtype=np.int64)
    last[breaks[1:] - 1] = len(names)
    last[doc_ends] = 2 * len(names)
    ending = tag_ids + last
    return pool.gather(
        interleave(starts, at[ending]),
        interleave(ends - starts, endings.lengths[ending]),
    )


class ConllWriter:
    """`token<TAB>TAG` lines, a blank line between sentences, documents in export order.

    Each document starts with `-DOCSTART- -X- O O` and a blank line: the delimiter spaCy's
    `spacy convert` splits documents on, and one that readers testing for a line starting
    with `-DOCSTART-` (Hugging Face's conll2003 script, flair) skip. Comment lines
    (`# id = ...`) were not chosen: readers that do not know CoNLL-U comments take them as
    tokens, and `#` is a real token in tweets. So document ids cannot be kept (reported).
    """

    NEEDS_TOKENS = True
    DOCSTART_LINE = "-DOCSTART- -X- O O"

    def __init__(self, target: Path, scheme: str = "iob2", docstart: bool = True) -> None:
        if scheme not in ("iob2", "bioes"):
            raise ValueError(f"scheme must be 'iob2' or 'bioes', not {scheme!r}")
        self.scheme = scheme
        self.docstart = docstart
        self.report = WriteReport()
        self._out = AtomicFile(Path(target))
        self._names = TagNames(scheme)
        self._head = f"{self.DOCSTART_LINE}\n\n" if docstart else ""
        self._endings = _LineEndings(self._head)

    def add(self, doc: ExportDoc) -> None:
        tagged = tag_arrays(doc, self.report, self.scheme, names=self._names)
        if not len(tagged.starts):
            self.report.lose("documents with no tokens")
            return
        self._out.handle.write((self._head + conll_lines(tagged, self._endings)).encode("utf-8"))
        self.report.documents += 1
        self.report.lose("document ids (CoNLL has no field for them)")
        if doc.annotator is not None:
            self.report.lose("annotator names (one block per document and annotator)")

    def add_batch(self, docs: Sequence[ExportDoc]) -> None:
        """add() for each document, in one pass over the batch (bio_batch)."""
        losses = Losses()
        tagged = tag_batch(docs, self.report, losses, self.scheme, "CoNLL", self._names)
        if tagged is None:
            for doc in docs:
                self.add(doc)
            return
        written = np.diff(tagged.doc_tokens) > 0
        annotated = np.array([doc.annotator is not None for doc in docs], dtype=bool)
        losses.per_doc(WRITER, "documents with no tokens", ~written, item=0)
        losses.per_doc(WRITER, "document ids (CoNLL has no field for them)", written, item=1)
        losses.per_doc(
            WRITER,
            "annotator names (one block per document and annotator)",
            written & annotated,
            item=2,
        )
        losses.say(self.report)
        self.report.documents += int(np.count_nonzero(written))
        if not len(tagged.starts):
            return
        lines = _lines(
            tagged.text,
            tagged.codes,
            tagged.starts,
            tagged.ends,
            tagged.tag_ids,
            tagged.names,
            tagged.breaks,
            tagged.doc_tokens[1:][written][:-1] - 1,  # each written document's last token
            self._endings,
        )
        self._out.handle.write((self._head + lines).encode("utf-8"))

    def finish(self) -> WriteReport:
        self.report.files.append(self._out.commit())
        return self.report

    def abort(self) -> None:
        self._out.abort()


__all__ = [
    "ConllWriter",
    "TagArrays",
    "TagDecoding",
    "TagNames",
    "TaggedTokens",
    "is_tag",
    "read_conll",
    "read_idrisi",
    "sniff_conll",
    "sniff_idrisi",
    "spans_from_tags",
    "tag_arrays",
    "tag_document",
    "tag_tokens",
]
