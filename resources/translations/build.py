"""Update the interface translations from the code, then compile them.

    python resources/translations/build.py           # lupdate, then lrelease
    python resources/translations/build.py --check   # fail if anything is out of date

The sources are Qt's `.ts` files beside this script, one per language:
`seed_annotator_fa.ts` (Persian), `seed_annotator_ar.ts` (Arabic) and `seed_annotator_en.ts`
(English: only the plural forms, "%n document(s)" as "1 document" / "2 documents").
`pyside6-lupdate` reads every `tr()`, `QCoreApplication.translate()` and `QT_TRANSLATE_NOOP()`
under annotator/gui and merges new strings into them as unfinished; translate those (Qt
Linguist, or any editor: a <translation> without type="unfinished"), then run this again.
`pyside6-lrelease` compiles each `.ts` into the `.qm` next to it, which the program loads
(annotator/gui/i18n.py) and the wheel ships: commit both.

--check changes nothing. It fails when lupdate would change a `.ts` (a string was added,
changed or removed in the code), when a translation is unfinished or empty, or when a `.qm`
is not what lrelease makes of its `.ts`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = ROOT / "annotator" / "gui"
CATALOG = "seed_annotator"
TRANSLATED = ("fa", "ar")  # every string translated
PLURAL_ONLY = ("en",)  # the source language: only "%n" plural forms


def ts_path(language: str, folder: Path = HERE) -> Path:
    return folder / f"{CATALOG}_{language}.ts"


def qm_path(language: str, folder: Path = HERE) -> Path:
    return folder / f"{CATALOG}_{language}.qm"


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease of this Python's environment, else from PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} is not installed: pip install PySide6-Essentials")
    return found


def run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def lupdate(folder: Path = HERE) -> None:
    """Merge the code's strings into the .ts files in `folder` (locations left out: a line
    moved in the code must not change a translation file)."""
    common = [tool("pyside6-lupdate"), "-extensions", "py", "-no-obsolete", "-locations"]
    common += ["none", "-silent", str(SOURCES)]
    for language in TRANSLATED:
        run([*common, "-target-language", language, "-ts", str(ts_path(language, folder))])
    for language in PLURAL_ONLY:
        run(
            [
                *common,
                "-pluralonly",
                "-target-language",
                language,
                "-ts",
                str(ts_path(language, folder)),
            ]
        )


def lrelease(source: Path = HERE, target: Path = HERE) -> None:
    for language in (*TRANSLATED, *PLURAL_ONLY):
        run(
            [
                tool("pyside6-lrelease"),
                "-silent",
                "-nounfinished",
                str(ts_path(language, source)),
                "-qm",
                str(qm_path(language, target)),
            ]
        )


def unfinished(path: Path) -> list[str]:
    """Sources whose translation (or one of its plural forms) is unfinished or empty."""
    problems = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            forms = [] if translation is None else list(translation.iter("numerusform"))
            texts = [f.text or "" for f in forms] if forms else [_text(translation)]
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not all(t.strip() for t in texts)
            ):
                problems.append(f"{path.name}: {name}: {source!r}")
    return problems


def _text(element: ET.Element | None) -> str:
    return "" if element is None else element.text or ""


def check() -> list[str]:
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for language in (*TRANSLATED, *PLURAL_ONLY):
            shutil.copy(ts_path(language), ts_path(language, folder))
        lupdate(folder)
        lrelease(HERE, folder)
        for language in (*TRANSLATED, *PLURAL_ONLY):
            if ts_path(language).read_bytes() != ts_path(language, folder).read_bytes():
                problems.append(f"{ts_path(language).name} is out of date: run build.py")
            if not qm_path(language).exists():
                problems.append(f"{qm_path(language).name} is missing: run build.py")
            elif qm_path(language).read_bytes() != qm_path(language, folder).read_bytes():
                problems.append(f"{qm_path(language).name} is out of date: run build.py")
            problems += unfinished(ts_path(language))
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if stale")
    args = parser.parse_args()
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    lupdate()
    lrelease()
    for language in (*TRANSLATED, *PLURAL_ONLY):
        for problem in unfinished(ts_path(language)):
            print(f"to translate: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
