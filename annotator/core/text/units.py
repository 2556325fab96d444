"""From an alignment's opcodes to the units of an offset map, the edges a span follows.

What a normaliser deleted or inserted is a unit of its own, so it stays outside a span that
ends beside it; harakat it deleted go with the letter they sat on; a repeated letter it cut
short (ممم -> م) is one unit with the copies it kept, since no one can tell which were kept.
"""

from __future__ import annotations

import unicodedata

from annotator.core.text.realign import SEPARATOR_CHARS, Op

Block = tuple[int, int, int, int]  # orig_start, orig_end, text_start, text_end


def canonical(okey: str, tkey: str, ops: list[Op]) -> list[Op]:
    """Opcodes merged by kind; deletions and insertions that meet put in a telling order.

    Where the alignment deletes and inserts side by side, any order costs the same; the
    deletion is put next to the kept letter it repeats or its harakat sit on, so the two
    can become one unit.
    """
    out: list[Op] = []
    i = 0
    while i < len(ops):
        tag, o1, o2, t1, t2 = ops[i]
        j = i + 1
        while j < len(ops) and ops[j][0] == tag and tag in ("equal", "delete", "insert"):
            o2, t2 = ops[j][2], ops[j][4]
            j += 1
        if tag in ("delete", "insert"):
            while j < len(ops) and ops[j][0] in ("delete", "insert"):
                o2, t2 = ops[j][2], ops[j][4]
                j += 1
        if tag not in ("delete", "insert"):
            out.append((tag, o1, o2, t1, t2))
        elif o1 == o2 or t1 == t2:
            out.append(("delete" if t1 == t2 else "insert", o1, o2, t1, t2))
        else:
            before = okey[o1 - 1] if out and out[-1][0] == "equal" else ""
            after = okey[o2] if j < len(ops) and ops[j][0] == "equal" else ""
            out += _in_order(okey[o1:o2], tkey[t1:t2], before, after, o1, t1)
        i = j
    return out


def _in_order(deleted: str, inserted: str, before: str, after: str, o1: int, t1: int) -> list[Op]:
    """A deletion and an insertion at one place, the deletion beside what it belongs to."""
    o2, t2 = o1 + len(deleted), t1 + len(inserted)
    clings = deleted[0] == before or unicodedata.category(deleted[0]) in ("Mn", "Me")
    if not clings and (inserted[0] == before or deleted[-1] == after):
        return [("insert", o1, o1, t1, t2), ("delete", o1, o2, t2, t2)]
    return [("delete", o1, o2, t1, t1), ("insert", o2, o2, t1, t2)]


def units(okey: str, tkey: str, ops: list[Op]) -> list[Block]:
    """The blocks the opcodes stand for, unit by unit."""
    blocks: list[Block] = []
    for i, (tag, o1, o2, t1, t2) in enumerate(ops):
        if tag == "equal" or (tag == "replace" and o2 - o1 == t2 - t1):
            continue
        if tag == "group" or (
            # Spacing alone (most edits: a ZWNJ inserted, a space removed) is a unit as it is.
            tag in ("delete", "insert") and not (okey[o1:o2] or tkey[t1:t2]).strip(SEPARATOR_CHARS)
        ):
            blocks.append((o1, o2, t1, t2))
            continue
        before = ops[i - 1] if i and ops[i - 1][0] == "equal" else None
        after = ops[i + 1] if i + 1 < len(ops) and ops[i + 1][0] == "equal" else None
        low = (before[1], before[3]) if before else (o1, t1)
        high = (after[2], after[4]) if after else (o2, t2)
        if blocks:  # never reach into the unit before
            low = (max(low[0], blocks[-1][1]), max(low[1], blocks[-1][3]))
        if tag == "delete":
            blocks.extend(_one_sided(okey, tkey, o1, o2, t1, low, high))
        elif tag == "insert":
            flipped = _one_sided(tkey, okey, t1, t2, o1, low[::-1], high[::-1])
            blocks.extend((c, d, a, b) for a, b, c, d in flipped)
        else:
            blocks.append((o1, o2, t1, t2))
    return blocks


def _one_sided(
    src: str, dst: str, s0: int, s1: int, at: int, low: tuple[int, int], high: tuple[int, int]
) -> list[Block]:
    """Characters src[s0:s1] with nothing in dst (which is at `at`), as units.

    Written for a deletion (src the original); an insertion is the same with the sides
    swapped. Characters inside low..high around the run are aligned one for one.
    """
    found: list[Block] = []
    marks = s0
    while marks < s1 and unicodedata.category(src[marks]) in ("Mn", "Me"):
        marks += 1
    if marks > s0 and s0 > low[0] and at > low[1]:  # harakat go with the letter they sit on
        found.append((s0 - 1, marks, at - 1, at))
        s0 = marks
    elif s0 > low[0] and at > low[1]:  # the tail of a repeated letter: with the kept ones
        found += _repeat_before(src, dst, s0, s1, at, low)
        if found:
            s0 = found[-1][1]
    tail = _repeat_after(src, dst, s0, s1, at, high) if s0 < s1 < high[0] else []
    end = tail[0][0] if tail else s1
    if s0 < end:
        found.append((s0, end, at, at))
    return found + tail


def _repeat_before(
    src: str, dst: str, s0: int, s1: int, at: int, low: tuple[int, int]
) -> list[Block]:
    """The run's first characters if they repeat the kept letter before it, as one unit with
    every kept copy: in ممم -> م no one can tell which م was kept."""
    char = src[s0 - 1]
    n = len(src[s0:s1]) - len(src[s0:s1].lstrip(char))
    if not n:
        return []
    k = 1
    while s0 - k - 1 >= low[0] and at - k - 1 >= low[1] and src[s0 - k - 1] == char:
        if dst[at - k - 1] != char:
            break
        k += 1
    return [(s0 - k, s0 + n, at - k, at)] if dst[at - 1] == char else []


def _repeat_after(
    src: str, dst: str, s0: int, s1: int, at: int, high: tuple[int, int]
) -> list[Block]:
    """The run's last characters if they repeat the kept letter after it (see above)."""
    char = src[s1]
    n = len(src[s0:s1]) - len(src[s0:s1].rstrip(char))
    if not n or at >= high[1] or dst[at] != char:
        return []
    k = 1
    while s1 + k < high[0] and at + k < high[1] and src[s1 + k] == char == dst[at + k]:
        k += 1
    return [(s1 - n, s1 + k, at, at + k)]


def tidied(okey: str, tkey: str, blocks: list[Block]) -> list[Block]:
    """Touching units joined where they are one edit.

    Two deletions (or insertions) in a row are one; a repeated letter cut short whose copies
    the alignment spread over several units is one unit.
    """
    out: list[Block] = []
    for block in blocks:
        kept: Block | None = block
        while kept and out and out[-1][1] == kept[0] and out[-1][3] == kept[2]:
            joined = _join(okey, tkey, out[-1], kept)
            if joined is None:
                break
            out.pop()
            kept = joined[-1] if joined else None
            if len(joined) == 2:
                out.append(joined[0])
                break
        if kept:
            out.append(kept)
    return out


def _join(okey: str, tkey: str, a: Block, b: Block) -> list[Block] | None:
    """Touching units a and b as one or two; None if they stay as they are."""
    a_del, b_del = a[2] == a[3], b[2] == b[3]
    a_ins, b_ins = a[0] == a[1], b[0] == b[1]
    if (a_del or a_ins) and (b_del or b_ins):  # deleted and inserted at one place: rewritten
        joined = (a[0], b[1], a[2], b[3])
        return [joined] if joined[1] - joined[0] != joined[3] - joined[2] else []
    ca, cb = _repeated(okey, tkey, a), _repeated(okey, tkey, b)
    if ca is not None and ca == cb:
        return [(a[0], b[1], a[2], b[3])]
    if ca is not None and (b_del or b_ins):  # a repeat unit takes the copies after it
        side = okey[b[0] : b[1]] if b_del else tkey[b[2] : b[3]]
        k = len(side) - len(side.lstrip(ca))
        if not k:
            return None
        grown = (a[0], a[1] + k, a[2], a[3]) if b_del else (a[0], a[1], a[2], a[3] + k)
        rest = (grown[1], b[1], grown[3], b[3])
        return [grown, rest] if rest[:3:2] != rest[1::2] else [grown]
    if cb is not None and (a_del or a_ins):  # and the copies before it
        side = okey[a[0] : a[1]] if a_del else tkey[a[2] : a[3]]
        k = len(side) - len(side.rstrip(cb))
        if not k:
            return None
        grown = (b[0] - k, b[1], b[2], b[3]) if a_del else (b[0], b[1], b[2] - k, b[3])
        rest = (a[0], grown[0], a[2], grown[2])
        return [rest, grown] if rest[:3:2] != rest[1::2] else [grown]
    return None


def _repeated(okey: str, tkey: str, block: Block) -> str | None:
    """The letter a unit repeats on both sides (ممم -> م), if it is such a unit."""
    o1, o2, t1, t2 = block
    if o1 == o2 or t1 == t2:
        return None
    char = okey[o1]
    if okey[o1:o2] != char * (o2 - o1) or tkey[t1:t2] != char * (t2 - t1):
        return None
    return char
