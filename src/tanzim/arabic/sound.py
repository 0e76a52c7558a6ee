"""The sound key: a name written in Arabic or in Latin letters, reduced to one shared form, so that a name typed in
one script finds the same name written in the other (كريمة أحكان ↔ Karima Ahkane). See README.md.

Arabic writes consonants and long vowels; Moroccan French transliteration writes every vowel, and writes some of
them where Arabic has none (Mourad/مراد, Bouchra/بشرى). So the shared form keeps the consonants, each sound as one
letter, and of the vowels only the one that ends the word (Karim/Karima, كريم/كريمة stay apart):

    b t j h c(خ, kh) d r z s x(ش, ch/sh) g(غ, gh) f k(ق ك, q k) l m n    + final a, i or u

Where one spelling can stand for two sounds, a word gets each reading (a "variant"): ة is -a (Karima) or -at
(Najat); a final ه is ة typed as ه (كريمه) or a real h (عبد الله, Abdellah); an article before a moon letter is
written (Lamrani, Abdelkader) or not (El Amrani → Amrani). A sound key is a set of such words; a query's word
matches when one of its variants is one of the stored ones.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

from .normalize import _AR_DROP, _AR_MAP, _DIGITS, _LATIN_ARTICLE, _LATIN_CANONICAL, _PUNCT, is_arabic, unmask_latin

# Tags put in front of a stored sound word: the script the name was written in. A Latin query looks for Arabic
# names' sounds ("q…"), an Arabic query for Latin names' sounds ("z…"): a name is never matched by the sound of its
# own script (the name key does that, more precisely). No word of a name key starts with q or z: the Latin folding
# writes q as k and z as s, and the other keys are Arabic letters or digits.
FROM_ARABIC = "q"
FROM_LATIN = "z"
MAX_VARIANTS = 8

# --- Arabic -----------------------------------------------------------------------------------------------------

# The name key's table, except that ة and ى keep their identity: ة is -a or -at, ى is -a (مصطفى, Mustapha).
_AR_SOUND_TABLE = str.maketrans({**{ord(k): v for k, v in _AR_MAP.items() if k not in "ةى"}, **_AR_DROP, **_DIGITS})
# Each letter's sound. Capitals are vowels (A: ا, Y: ى, I: ي, U: و, T: ة, H: ه, E: ع): dropped inside a word, read as
# the final vowel at its end. A final ه is H (either ة typed as ه or a real h); a medial ه is h.
_AR_SOUNDS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "c", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "x", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "غ": "g", "ف": "f", "ق": "k", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "H", "و": "U", "ي": "I", "ى": "Y", "ا": "A", "ة": "T", "ع": "E",
    "\uE000": "\uE000",
}  # fmt: skip
# Sun letters: the article's l is not heard before them (الرحيم: er-rahim, Abderrahim).
_SUN = set("تثدذرزسشصضطظلن")
# Words glued to the next one (as the name key glues them, and Ait, Oulad and Lalla, which Latin glues too)…
_AR_PREFIXES = {"عبد", "ابو", "بن", "ابن", "بو", "ام", "مولاي", "سيدي", "لال", "لالة", "ايت", "اولاد", "ولد"}
# …and to the previous one.
_AR_SUFFIXES = {"الدين", "الله", "الاسلام", "الحق"}
_AR_GLUED_ARTICLE = re.compile(r"^(عبد|ابو|بو|بن|ايت)(ال\S\S+)$")
_AR_GLUED_SUFFIX = re.compile(r"^(\S\S+)(الدين|الله|الاسلام|الحق)$")
# Short names whose letters alone read wrongly.
_AR_WORDS = {"طه": ("tha",)}


# A و inside a word is the consonant w before ا ة ى ي (مروان: Marouane, مروة: Marwa, العلوي: Alaoui, الصويري:
# Souiri; so المنصوراوي is not المنصوري); a vowel otherwise (منصور: Mansour).
_AR_MEDIAL_W = re.compile(r"(?<=.)و(?=[اةىي])")


def _arabic_letters(text: str, *, after_article: bool = False) -> list[str]:
    """The sound letters of a word (or of what follows its article), a first و read as the consonant w after an
    article (الوزاني: Ouazzani) or before a vowel letter (وائل: Wail), both ways otherwise (وليد: Walid, وحمو:
    Ouhammou)."""
    letters = "".join(_AR_SOUNDS.get(c, "") for c in _AR_MEDIAL_W.sub("\ue000", text)).replace("\ue000", "w")
    if not letters.startswith("U"):
        return [letters]
    if after_article or text[1:2] in ("ا", "ى", "ي", "و", "ع"):
        return ["w" + letters[1:]]
    return ["w" + letters[1:], letters]


def _arabic_part(part: str, *, after_abd: bool = False) -> list[str]:
    """The sound letters of one word of a compound, each reading of its article apart: before a moon letter it is
    written in Latin (Lamrani, Ait Lhaj) or not (El Amrani → Amrani, Ait Kadi, Abd Jalil); after Abd- and before a
    vowel always (Abdelilah, so that عبد الإله does not read as عبد الله)."""
    if len(part) > 3 and part.startswith("ال"):
        rest = _arabic_letters(part[2:], after_article=True)
        if part[2] in _SUN:
            return rest
        if after_abd and part[2] in "اوىيع":
            return ["l" + r for r in rest]
        return [*rest, *("l" + r for r in rest)]
    return _arabic_letters(part)


def _trailing(letters: str) -> str:
    """The vowel capitals that end a word's sound letters."""
    return letters[len(letters.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) :]


def _finish(letters: str, *, final: dict[str, tuple[str, ...]]) -> list[str]:
    """Sound letters with vowel capitals → the words: inner vowels dropped (two consonants met across a vowel stay
    two: Aziz = عزيز, zz), the final vowel (the trailing capitals) read through `final`."""
    trailing = _trailing(letters)
    body = re.sub(r"[A-Z]", "", letters[: len(letters) - len(trailing)].replace("H", "h"))
    endings: tuple[str, ...] = ("",)
    for letter in reversed(trailing):
        if letter in final:
            endings = final[letter]
            break
    words = []
    for ending in endings:
        word = re.sub(r"([a-z])\1+$", r"\1", body + ending)
        if word and word not in words:
            words.append(word)
    return words


# A final ي is -i (العلوي, Alaoui), or ى typed as ي (مصطفي, Mustapha); a final ى is -a, or ي typed as ى (على):
# both readings for each.
_AR_FINAL: dict[str, tuple[str, ...]] = {
    "A": ("a",),
    "I": ("i", "a"),
    "Y": ("a", "i"),
    "U": ("u",),
    "T": ("a", "t"),
    "H": ("a", "h"),
    "E": ("a",),
}


def _arabic_word(parts: list[str]) -> list[str]:
    if len(parts) == 1 and parts[0] in _AR_WORDS:
        return list(_AR_WORDS[parts[0]])
    words: list[str] = []
    readings = [_arabic_part(p, after_abd=i > 0 and parts[i - 1] == "عبد") for i, p in enumerate(parts)]
    for letters in itertools.product(*readings):
        # Arabic writes a doubled consonant once (the shadda is gone): two alike meet only where words were glued
        # (آيت طالب: Ait Taleb), and are one there. Inside a word, ت ط are two sounds (تطوان: Tetouan).
        joined = letters[0]
        for more in letters[1:]:
            joined += more[1:] if more and joined and more[0] == joined[-1] else more
        joined = re.sub(r"H(?=.)", "h", joined)  # a ه inside the word is an h; at its end, ة typed as ه or an h
        # ع at the end of a word is read only when nothing else is: ربيع is Rabii (i), درع is Dra (a).
        trailing = _trailing(joined)
        if len(trailing) > 1 and "E" in trailing:
            joined = joined[: len(joined) - len(trailing)] + (trailing.replace("E", "") or "E")
        for word in _finish(joined, final=_AR_FINAL):
            if word not in words:
                words.append(word)
    return words[:MAX_VARIANTS]


def _glue(words: list[str], prefixes: set[str], suffixes: set[str]) -> list[list[str]]:
    """Words grouped into names: a prefix joins the next word, a suffix the previous one."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for word in words:
        if word in prefixes:
            pending.append(word)
        elif word in suffixes and groups and not pending:
            groups[-1].append(word)
        else:
            groups.append([*pending, word])
            pending = []
    if pending:
        groups.append(pending)
    return groups


def arabic_sounds(text: str) -> list[list[str]]:
    """Each word of an Arabic name (compounds glued) with its readings in the shared form."""
    text = unicodedata.normalize("NFKC", text).translate(_AR_SOUND_TABLE)
    # A prefix written glued to an article (بنالطيب, عبدالقادر) is a compound of two words.
    words = [
        w
        for word in _PUNCT.sub(" ", text).split()
        for w in _AR_GLUED_SUFFIX.sub(r"\1 \2", _AR_GLUED_ARTICLE.sub(r"\1 \2", word)).split()
    ]
    return [_arabic_word(group) for group in _glue(words, _AR_PREFIXES, _AR_SUFFIXES)]


# --- Latin ------------------------------------------------------------------------------------------------------

_LATIN_PREFIXES = {
    "abd", "abdel", "abdal", "abdul", "abdoul", "abou", "abu", "bou", "ben", "ibn", "bin", "ait", "oulad", "ould",
    "moulay", "sidi", "lalla",
}  # fmt: skip
_LATIN_SUFFIXES = {"eddine", "ddine", "dine", "eddin", "din", "allah", "ellah", "llah"}
# One letter per sound, digraphs first. Capitals are vowels, as in Arabic.
_LATIN_DIGRAPHS = re.compile(r"kh|gh|ch|sh|dj|th|dh|ph|ou|ck|[gq]u(?=[eiy])|[a-z]")
_LATIN_SOUNDS = {
    "kh": "c", "gh": "g", "ch": "x", "sh": "x", "dj": "j", "th": "t", "dh": "d", "ph": "f", "ou": "U", "ck": "k",
    "gu": "k", "qu": "k",
    "a": "A", "e": "E", "i": "I", "o": "U", "u": "U", "y": "I", "w": "U",
    "c": "s", "q": "k", "g": "k", "p": "b", "v": "f", "x": "ks",
}  # fmt: skip
# A glued Abd-: its article (el, al…) is kept as the letter l before a moon letter, dropped before a sun letter
# (Abdelkader, Abdellah). An assimilated one (Abderrahim) is vowel and consonant already.
_GLUED_ABD = re.compile(r"^(abd)(el|al|ul|oul)?(?=[a-z]{3})")
_GLUED_ARTICLE = re.compile(r"^el(?=[a-z]{4})")
_LATIN_SUN = ("t", "th", "d", "dh", "r", "z", "s", "ch", "sh", "c", "l", "n")
_LATIN_FINAL: dict[str, tuple[str, ...]] = {"A": ("a",), "I": ("i",), "U": ("u",)}


def _latin_letters(word: str) -> str:
    return "".join(_LATIN_SOUNDS.get(m, m) for m in _LATIN_DIGRAPHS.findall(word))


def _latin_w(letters: str) -> list[str]:
    """ou (u, w) before a vowel inside a word: before i the consonant w (Alaoui = العلوي, Mansouraoui is not
    Mansouri); before a or e the consonant (Marouane = مروان) or a vowel before an unwritten ع (Bouazza = بوعزة):
    both readings."""
    readings = [""]
    for i, letter in enumerate(letters):
        after = letters[i + 1 : i + 2]
        if letter == "U" and i and after == "I":
            readings = [r + "w" for r in readings]
        elif letter == "U" and i and after in ("A", "E"):
            readings = [r + c for r in readings for c in ("w", "U")][:MAX_VARIANTS]
        else:
            readings = [r + letter for r in readings]
    return readings


def _article(rest: str) -> str:
    """The letters an article leaves before `rest`: nothing before a sun letter (Abderrahim), l otherwise."""
    return "" if rest.startswith(_LATIN_SUN) and not rest.startswith(("sh", "ch")) else "l"


def _latin_start(part: str) -> list[str]:
    """The letters of a word that begins a name or follows an article. A first w, or ou before a vowel, is the
    consonant و (Walid, Ouazzani = الوزاني, not Zayani); ou before a consonant is و (Oujdi = الوجدي) or a vowel
    (Oumaima = أميمة): both readings."""
    start = re.match(r"ou|w", part)
    if not start:
        return [_latin_letters(part)]
    rest = part[start.end() :]
    tail = _latin_letters(rest)
    if rest[:1] and rest[0] in "aeiouy":
        return ["w" + tail]
    return ["w" + tail, "U" + tail]


def _latin_word(parts: list[str]) -> list[str]:
    readings: list[list[str]] = []
    article = False
    for i, part in enumerate(parts):
        if _LATIN_ARTICLE.match(part) and i:
            article = True
            continue
        if part in {"abdel", "abdal", "abdul", "abdoul"}:
            readings.append([_latin_letters("abd")])
            article = True
            continue
        part = _LATIN_CANONICAL.get(part, part)
        glued = _GLUED_ABD.match(part)
        if glued and glued.group(2):
            rest = part[glued.end() :]
            readings.append([_latin_letters("abd") + _article(rest) + r for r in _latin_start(rest)])
        elif i == 0 or article:
            readings.append([(_article(part) if article else "") + r for r in _latin_start(part)])
        else:
            readings.append([_latin_letters(part)])
        article = False
    words: list[str] = []
    spelled = [w for letters in itertools.product(*readings) for w in _latin_w("".join(letters))]
    for letters in spelled[:MAX_VARIANTS]:
        # Latin writes a doubled consonant twice (Bennani, Abderrahim): once here, as Arabic writes it.
        joined = re.sub(r"([a-z])\1+", r"\1", "".join(letters))
        # A mute final e is no vowel (Ahkane, Amine); after another vowel it lengthens it (Rajae, Marie).
        trailing = _trailing(joined)
        if trailing.endswith("E"):
            joined = joined[: len(joined) - len(trailing)] + trailing.rstrip("E")
        for word in _finish(joined, final=_LATIN_FINAL):
            if word not in words:
                words.append(word)
    return words[:MAX_VARIANTS]


def latin_sounds(text: str) -> list[list[str]]:
    """Each word of a Latin-script name (prefixes and -eddine glued) with its reading in the shared form."""
    text = unmask_latin(text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    words: list[str] = []
    for i, word in enumerate(_PUNCT.sub(" ", text.translate(_DIGITS)).split()):
        word = "".join(c for c in word if "a" <= c <= "z")
        if not word:
            continue
        if _LATIN_ARTICLE.match(word) and (i == 0 or not words or words[-1] not in _LATIN_PREFIXES):
            continue  # El Amrani = Amrani; an article after a prefix is kept (Abd El Kader)
        words.append(word if words and words[-1] in _LATIN_PREFIXES else _GLUED_ARTICLE.sub("", word))
    # A lone consonant before an apostrophe belongs to the next word: M'hamed, M'barek, L'houcine.
    joined: list[str] = []
    for word in words:
        if joined and len(joined[-1]) == 1 and joined[-1] not in "aeiouy":
            joined[-1] += word
        else:
            joined.append(word)
    groups = _glue_latin(joined)
    return [w for w in (_latin_word(group) for group in groups) if w]


def _glue_latin(words: list[str]) -> list[list[str]]:
    groups: list[list[str]] = []
    pending: list[str] = []
    for word in words:
        if word in _LATIN_PREFIXES or (pending and _LATIN_ARTICLE.match(word)):
            pending.append(word)
        elif word in _LATIN_SUFFIXES and groups and not pending:
            groups[-1].append(word)
        else:
            groups.append([*pending, word])
            pending = []
    if pending:
        groups.append(pending)
    return groups


# --- names ------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=262_144)
def sounds(text: str) -> tuple[tuple[str, ...], ...]:
    """The words of a name in either script (or both), each with its tagged readings: Arabic words' readings
    start with FROM_ARABIC, Latin ones' with FROM_LATIN. Cached: names repeat across a registry."""
    if not text:
        return ()
    words = _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).translate(_AR_DROP_TABLE)).split()
    arabic = " ".join(w for w in words if is_arabic(w))
    latin = " ".join(w for w in words if not is_arabic(w))
    out = [tuple(FROM_ARABIC + r for r in readings) for readings in arabic_sounds(arabic) if readings]
    out += [tuple(FROM_LATIN + r for r in readings) for readings in latin_sounds(latin) if readings]
    return tuple(out)


_AR_DROP_TABLE = str.maketrans(_AR_DROP)


@lru_cache(maxsize=65_536)
def sound_key(text: str) -> str:
    """Every reading of every word of a name, space-separated (not framed). Cached: an import asks it for every
    name of every row."""
    return " ".join(r for readings in sounds(text) for r in readings)


def names_sound_key(first_ar: str, last_ar: str, first_latin: str, last_latin: str) -> str:
    """The sound key a person stores (`Person.sound_key`), framed by spaces like the name key; empty when the
    person's name is written in full in both scripts (the name key then serves queries in either script).

    Where the Latin name is incomplete (a first or last name written in Arabic only), the Arabic names' readings
    are stored, for Latin queries; where the Arabic name is incomplete, the Latin names' readings, for Arabic
    queries. Each name's readings are computed on their own (cached per name).
    """
    if first_ar and last_ar and first_latin and last_latin:
        return ""  # the common case of a full file
    parts: list[str] = []
    if (first_ar and not first_latin) or (last_ar and not last_latin):
        parts += [sound_key(n) for n in (first_ar, last_ar) if n]
    if (first_latin and not first_ar) or (last_latin and not last_ar):
        parts += [sound_key(n) for n in (first_latin, last_latin) if n]
    # Only each script's own readings (a name cell in the wrong script still yields its own script's tag).
    key = " ".join(dict.fromkeys(" ".join(parts).split()))
    return f" {key} " if key else ""
