"""The Arabic and French catalogues are complete: no page shows an English string to a party official."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "tanzim"
LOCALE = PACKAGE / "locale"


def catalogues(language: str) -> list[Path]:
    """The project's catalogue of the language, and those of the apps that keep their own (`<app>/locale/`)."""
    return [LOCALE / language / "LC_MESSAGES" / "django.po"] + sorted(
        PACKAGE.glob(f"*/locale/{language}/LC_MESSAGES/django.po")
    )


QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def entries(po: Path, *, plural: bool = False):
    """(msgid, [msgstr forms], flags) for every entry of a .po file, the header excluded; with `plural`, only the
    entries of counts (msgid_plural), as (msgid, msgid_plural, [msgstr[0], msgstr[1], …], flags)."""
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
        if plural:
            if "msgid_plural" in fields:
                numbered = {int(k[7:-1]): v for k, v in fields.items() if k.startswith("msgstr[")}
                yield fields["msgid"], fields["msgid_plural"], [numbered.get(i, "") for i in range(6)], flags
        else:
            yield fields.get("msgid", ""), forms, flags


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_string_is_translated(language):
    problems = [
        (po.parent.parent.parent.parent.name, msgid)
        for po in catalogues(language)
        for msgid, forms, flags in entries(po)
        if "fuzzy" in flags or not forms or not all(forms)
    ]
    assert problems == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_placeholders_survive_translation(language):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\{ ?\w+ ?\}\}")
    wrong = []
    for po in catalogues(language):
        wrong += _misplaced(po, placeholder)
    assert wrong == []


def _misplaced(po: Path, placeholder: re.Pattern) -> list[tuple[str, str]]:
    plurals = {msgid: plural for msgid, plural, *_rest in entries(po, plural=True)}
    wrong = []
    for msgid, forms, _flags in entries(po):
        wanted = {p.replace(" ", "") for p in placeholder.findall(msgid + plurals.get(msgid, ""))}
        for form in forms:
            found = {p.replace(" ", "") for p in placeholder.findall(form)}
            # A count's form may say its number in words ("زوجان", "le dernier mois"): it leaves the count out,
            # nothing else, and brings no placeholder of its own.
            in_words = msgid in plurals and found <= wanted and len(wanted - found) <= 1
            if found != wanted and not in_words:
                wrong.append((msgid, form))
    return wrong


# Forms a count takes: Arabic none / one / two / few (3–10) / many (11–99) / other; French one / other.
PLURAL_FORMS = {"ar": 6, "fr": 2}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_count_has_all_its_plural_forms(language):
    """Every ngettext msgid (a count shown on a page) has each plural form of the language filled, so that a count
    never falls on an empty form (gettext would then show the English)."""
    counts = []
    for po in catalogues(language):
        header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert f"nplurals={PLURAL_FORMS[language]};" in header, po
        counts += list(entries(po, plural=True))
    assert len(counts) >= 10  # the pages' counts are written with ngettext / blocktranslate count
    incomplete = [
        (msgid, forms) for msgid, _plural, forms, _flags in counts if not all(forms[: PLURAL_FORMS[language]])
    ]
    extra = [(msgid, forms) for msgid, _plural, forms, _flags in counts if any(forms[PLURAL_FORMS[language] :])]
    assert incomplete == [] and extra == []


def test_arabic_counts_choose_the_form_of_their_number():
    """What a page shows for 0, 1, 2, 3, 11 and 100 in Arabic: six different sentences."""
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ar"):
        said = {
            n: ngettext("%(n)s pair of entries to review", "%(n)s pairs of entries to review", n) % {"n": n}
            for n in (0, 1, 2, 3, 11, 100)
        }
    assert said == {
        0: "لا يوجد أي زوج من القيود للمراجعة",
        1: "زوج واحد من القيود للمراجعة",
        2: "زوجان من القيود للمراجعة",
        3: "3 أزواج من القيود للمراجعة",
        11: "11 زوجًا من القيود للمراجعة",
        100: "100 زوج من القيود للمراجعة",
    }


def test_the_crawl_tells_a_count_written_in_a_form_its_number_does_not_take():
    """The Arabic crawl's check, on sentences a page once showed ("منهم 2 نساء" for two women) and on right ones."""
    from tests.plural_forms import Counts

    arabic = Counts("ar")
    assert arabic.wrong("منهم 2 نساء") != []  # two women: امرأتان
    assert arabic.wrong("3 زوج من القيود للمراجعة") != []  # three pairs: أزواج
    assert arabic.wrong("خلال 90 يوم") != []  # ninety days: يومًا
    right = ["3 أزواج من القيود للمراجعة", "11 زوجًا من القيود للمراجعة", "100 زوج من القيود للمراجعة"]
    right += ["زوجان من القيود للمراجعة", "خلال 90 يوما", "لا اجتماع خلال 90 يومًا"]
    assert [arabic.wrong(text) for text in right] == [[]] * len(right)
    french = Counts("fr")
    assert french.wrong("1 paires d’entrées à examiner") != []
    assert french.wrong("1 paire d’entrées à examiner") == french.wrong("3 paires d’entrées à examiner") == []
