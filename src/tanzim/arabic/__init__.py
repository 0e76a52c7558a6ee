"""Name normalization for matching Arabic and Latin spellings of Moroccan names. Pure Python, no Django.

    name_key("عبد الإله الخليفي") == name_key("عبدالاله الخليفى")
    name_key("Abd El Ilah El Khalifi") == name_key("Abdelilah Khalifi")

The rules are listed in README.md beside this file.
"""

from .normalize import fold_latin, is_arabic, name_key, normalize_arabic, tokens, unmask_latin

__all__ = ["fold_latin", "is_arabic", "name_key", "normalize_arabic", "tokens", "unmask_latin"]
