"""The Arabic and French catalogues are complete: no page shows an English string to a party official."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "tanzim" / "locale"
QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(po: Path):
    """(msgid, [msgstr forms], flags) for every entry of a .po file, the header excluded."""
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not lines:
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            head = line.split(" ", 1)[0] if not line.startswith('"') else None
            if head:
                current = head
                fields[current] = ""
            fields[current] += "".join(QUOTED.findall(line))
        if fields.get("msgid") == "" and "msgid_plural" not in fields:
            continue  # header
        forms = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield fields.get("msgid", ""), forms, flags


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_string_is_translated(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    problems = [msgid for msgid, forms, flags in entries(po) if "fuzzy" in flags or not forms or not all(forms)]
    assert problems == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_placeholders_survive_translation(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")
    wrong = []
    for msgid, forms, _flags in entries(po):
        wanted = set(placeholder.findall(msgid))
        for form in forms:
            if {p.replace(" ", "") for p in placeholder.findall(form)} != {p.replace(" ", "") for p in wanted}:
                wrong.append((msgid, form))
    assert wrong == []
