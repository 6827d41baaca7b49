"""Reading the .po catalogues without polib: entries with their flags, context, message
and translations, obsolete ones (#~) left out."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    parts: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.parts.get("msgctxt"), self.parts.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [text for name, text in self.parts.items() if name.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, obsolete ones (#~) left out."""
    entries: list[Entry] = []
    entry = Entry(line=1)
    current = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if entry.parts:
                entries.append(entry)
            entry, current = Entry(line=number + 1), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            current = match.group(1)
            entry.parts[current] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and current is not None:
            entry.parts[current] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}:{number}: not understood: {raw!r}")
    if entry.parts:
        entries.append(entry)
    return [e for e in entries if e.parts.get("msgid")]  # the header has an empty msgid
