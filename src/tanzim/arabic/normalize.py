"""Folding rules. Every table and pattern is built once at import: name_key runs on every row of an import."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- Arabic ---------------------------------------------------------------------------------------------------

_AR_DROP = dict.fromkeys(range(1611, 1632))  # harakat, tanwin, shadda, sukun, small marks
_AR_DROP.update(dict.fromkeys(range(1552, 1563)))  # Quranic honorifics and small letters
_AR_DROP.update(dict.fromkeys(range(1750, 1774)))  # Quranic annotation marks
_AR_DROP.update({0x0670: None, 0x0640: None})  # superscript alef, tatweel
_AR_DROP.update(dict.fromkeys((8203, 8204, 8205, 8206, 8207, 65279, 1564)))  # invisible marks
_AR_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",  # alef variants
    "ؤ": "و",
    "ئ": "ي",
    "ء": None,  # hamza: carriers become their letter, a bare hamza is dropped
    "ة": "ه",  # ta marbuta written as ha
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",  # alef maksura and Persian ya
    "ک": "ك",
    "ڪ": "ك",
    "ہ": "ه",
    "ە": "ه",
    "ھ": "ه",  # Persian/Urdu look-alikes
    "ڤ": "ف",
    "گ": "ك",
    "ڭ": "ك",
    "پ": "ب",
    "چ": "ش",  # Maghrebi letters for foreign sounds
}
_DIGITS = {ord(a): ord(b) for a, b in zip("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789", strict=True)}
_AR_DROP_TABLE = str.maketrans(_AR_DROP)
_AR_TABLE = str.maketrans({**{ord(k): v for k, v in _AR_MAP.items()}, **_AR_DROP, **_DIGITS})
_PUNCT = re.compile(r"[\W_]+", re.UNICODE)
# Words glued to the next one: عبد الإله → عبدالاله, أبو بكر → ابوبكر, بن علي → بنعلي, ابن … → بن…
_AR_PREFIX = re.compile(r"(?:^|(?<= ))(عبد|ابو|بن|ابن|بو|ام|مولاي|سيدي|لال) (?=\S)")
# …and the ones glued to the previous word: نور الدين → نورالدين, عبد الله as one word already
_AR_SUFFIX = re.compile(r"(?<=\S) (الدين|الله|الاسلام|الحق)(?= |$)")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


def normalize_arabic(text: str) -> str:
    """Arabic text reduced to the form two spellings of one name share (see README.md)."""
    text = unicodedata.normalize("NFKC", text).translate(_AR_TABLE)
    text = _PUNCT.sub(" ", text).strip()
    text = " ".join(text.split())
    text = _AR_PREFIX.sub(r"\1", text)
    text = _AR_SUFFIX.sub(r"\1", text)
    # ابن and بن are the same word in names (ابن عبد الله, بن عبد الله)
    return re.sub(r"(?:^|(?<= ))ابن", "بن", text)


# --- Latin ----------------------------------------------------------------------------------------------------

# Whole-word spellings of the same given name, folded to one canonical spelling before the letter rules.
_LATIN_CANONICAL = {
    **dict.fromkeys(
        (
            "mohamed",
            "mohammed",
            "mohamad",
            "mohammad",
            "muhammad",
            "muhamed",
            "mouhamed",
            "mouhammed",
            "mohemed",
            "mohmed",
            "mhamed",
            "mehamed",
            "mohamd",
        ),
        "muhamad",
    ),
    **dict.fromkeys(("ahmed", "ahmad", "ahmet"), "ahmad"),
    **dict.fromkeys(("mustapha", "mustafa", "moustapha", "moustafa", "mostafa", "mostapha"), "mustafa"),
    **dict.fromkeys(("youssef", "yousef", "youssouf", "yusuf", "yousouf", "youcef", "yussef", "jousef"), "yusuf"),
    **dict.fromkeys(("driss", "idriss", "idris", "dris"), "idris"),
}
_LATIN_ARTICLE = re.compile(r"^(?:el|al|ul|ed|ad|es|as|et|at|er|ar|ez|az|ech|ach)$")
_LATIN_PREFIX_WORDS = {
    "abd",
    "abdel",
    "abdal",
    "abdul",
    "abdoul",
    "abou",
    "abu",
    "bou",
    "ben",
    "ibn",
    "bin",
    "ait",
    "oulad",
    "ould",
    "moulay",
    "sidi",
    "lalla",
}
_LATIN_PREFIX_CANON = {
    "abdel": "abd",
    "abdal": "abd",
    "abdul": "abd",
    "abdoul": "abd",
    "abu": "abou",
    "ibn": "ben",
    "bin": "ben",
    "ould": "oulad",
}
_GLUED_ABD = re.compile(r"^(abd)(?:el|al|ul|oul|ou|e|a|u)?(?=[a-z]{3})")
# "Elidrissi", "Elmehdi": a glued el- article. Al- is left alone (Alaoui is a name, not al + aoui).
_GLUED_ARTICLE = re.compile(r"^el(?=[a-z]{4})")
# Letter rules, applied in order: digraphs for one sound first, then doubled letters, then vowels.
_LATIN_RULES = [
    (re.compile(r"ou"), "u"),
    (re.compile(r"(?<=[a-z])w(?=[aeiou])"), "u"),
    (re.compile(r"sh|ch"), "x"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"kh"), "k"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"q|ck|c(?=[aou])|c$"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"(?<=[a-z])h(?![aeiou])"), ""),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"(?<=[a-z])(?:ae|ai|ay|aa)$"), "a"),
    (re.compile(r"(?<=[a-z])(?:ah|at)$"), "a"),
    (re.compile(r"ee|ie|ei"), "i"),
    (re.compile(r"y(?=[^aeiou]|$)"), "i"),
    (re.compile(r"(?<=[a-z])e$"), ""),
    (re.compile(r"(?<=[^aeiou])e(?=[^aeiou])"), "a"),
]


def _letter_rules(word: str) -> str:
    for _ in range(8):
        before = word
        for pattern, replacement in _LATIN_RULES:
            word = pattern.sub(replacement, word)
        if word == before:
            break
    return word


# The canonical spellings themselves go through the letter rules, so a canonical token is a fixed point: folding
# it again cannot shorten it into another name's key (once, "mhmd" became "md", inside Ahmed's "amd").
_LATIN_WORDS = {variant: _letter_rules(canonical) for variant, canonical in _LATIN_CANONICAL.items()}


def _fold_word(word: str) -> str:
    if word in _LATIN_WORDS:
        return _LATIN_WORDS[word]
    return _letter_rules(_GLUED_ABD.sub(r"\1", word))


# Letters of other scripts that are drawn like Latin ones: a name typed or pasted with a Cyrillic "о" or a Greek
# "Α" looks right on screen but would escape the search and the duplicate check. Each is read as the Latin letter
# it is drawn like, capitals and small letters apart (Greek capital eta is H, small eta looks like n). A capital
# is listed whenever its small letter is, so lowercasing never turns a word the rule left alone into one it
# rewrites (the key stays a fixed point). Fullwidth (Ｍｏｈａｍｅｄ) and styled letters (𝐌𝐨𝐡𝐚𝐦𝐞𝐝) need no
# table: compatibility decomposition (NFKC/NFKD) already turns them into plain Latin.
_LOOKALIKES = {
    # Cyrillic
    "А": "A", "а": "a", "В": "B", "в": "b", "Е": "E", "е": "e", "К": "K", "к": "k", "М": "M", "м": "m",
    "Н": "H", "н": "h", "О": "O", "о": "o", "Р": "P", "р": "p", "С": "C", "с": "c", "Т": "T", "т": "t",
    "У": "Y", "у": "y", "Х": "X", "х": "x", "І": "I", "і": "i", "Ј": "J", "ј": "j", "Ѕ": "S", "ѕ": "s",
    "Ԁ": "D", "ԁ": "d", "Ӏ": "I", "ӏ": "l", "Һ": "H", "һ": "h", "Ԛ": "Q", "ԛ": "q", "Ԝ": "W", "ԝ": "w",
    "Ү": "Y", "ү": "y", "Ѵ": "V", "ѵ": "v",
    # Greek
    "Α": "A", "α": "a", "Β": "B", "Ε": "E", "ε": "e", "Ζ": "Z", "Η": "H", "η": "n", "Ι": "I", "ι": "i",
    "Κ": "K", "κ": "k", "Μ": "M", "Ν": "N", "ν": "v", "Ο": "O", "ο": "o", "Ρ": "P", "ρ": "p", "Τ": "T",
    "τ": "t", "Υ": "Y", "υ": "u", "Χ": "X", "χ": "x", "Ϲ": "C", "ϲ": "c", "Ϳ": "J", "ϳ": "j",
}  # fmt: skip
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LETTERS = re.compile(r"[^\W\d_]+")
# A Cyrillic or Greek letter with no Latin twin (д, и, λ, ω…): the word is written in that script, not disguised.
_CYRILLIC_GREEK = "\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff\u2de0-\u2dff\ua640-\ua69f"
_OTHER_SCRIPT = re.compile(f"(?![{''.join(_LOOKALIKES)}])[{_CYRILLIC_GREEK}]")


def _latin_word(match: re.Match) -> str:
    word = match.group()
    if word.isascii() or _OTHER_SCRIPT.search(word):
        return word
    return word.translate(_LOOKALIKE_TABLE)


def unmask_latin(text: str) -> str:
    """Cyrillic and Greek look-alikes read as Latin letters, in words that have no other Cyrillic or Greek letter.

    "Mоhamed Аlaoui" (Cyrillic о, А) becomes "Mohamed Alaoui". A word written in Cyrillic or Greek (Дмитрий,
    Λάμπρος) keeps all its letters: it has a letter that looks like no Latin one. A word made only of look-alikes
    is read as Latin, whatever script it was typed in (ΜΑΡΙΑ → MAPIA): that is what a disguised name looks like,
    and a Moroccan registry writes names in Arabic and Latin only. Accents are taken off first (Cyrillic ё is е
    with a diaeresis); case is kept.
    """
    if text.isascii():
        return text
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _LETTERS.sub(_latin_word, text)


def fold_latin(text: str) -> str:
    """Latin-script names reduced to one spelling per sound (see README.md); clearly different names stay apart.

    The rules run until nothing changes, so folding a folded name gives it back (the key is stable).
    """
    folded = _fold_latin_once(text)
    for _ in range(8):
        again = _fold_latin_once(folded)
        if again == folded:
            break
        folded = again
    return folded


def _fold_latin_once(text: str) -> str:
    text = unmask_latin(text)  # before lowercasing: capital and small look-alikes are different Latin letters
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    words = _PUNCT.sub(" ", text.translate(_DIGITS)).split()
    out: list[str] = []
    pending = ""
    for word in words:
        if _LATIN_ARTICLE.match(word):
            continue  # El Alaoui = Alaoui = Al-Alaoui
        word = _GLUED_ARTICLE.sub("", word)
        if word in _LATIN_PREFIX_WORDS:
            pending += _LATIN_PREFIX_CANON.get(word, word)
            continue
        if word.startswith("abd") and not pending:
            out.append(_fold_word(word))
            continue
        out.append(_fold_word(pending + word) if pending else _fold_word(word))
        pending = ""
    if pending:
        out.append(_fold_word(pending))
    return " ".join(out)


def is_arabic(text: str) -> bool:
    """Does the text contain Arabic letters?"""
    return bool(_ARABIC_LETTER.search(text))


@lru_cache(maxsize=262_144)
def name_key(text: str) -> str:
    """The matching key of a name written in Arabic, Latin or both: the key the database searches.

    Cached: a registry repeats the same first and family names thousands of times.
    """
    if not text:
        return ""
    # Presentation forms (ﻣﺤﻤﺪ, ﹷ) to plain letters first, so each word is sorted into the right script.
    # Punctuation splits words before each word is sorted into its script ("0:ؠ" is two words, not one).
    # Marks go first: regex \W counts a haraka as punctuation and would cut the word it sits in.
    words = _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).translate(_AR_DROP_TABLE)).split()
    arabic = " ".join(w for w in words if is_arabic(w))
    latin = " ".join(w for w in words if not is_arabic(w))
    parts = [normalize_arabic(arabic) if arabic else "", fold_latin(latin) if latin else ""]
    return " ".join(p for p in parts if p)


def tokens(text: str) -> list[str]:
    return name_key(text).split()
