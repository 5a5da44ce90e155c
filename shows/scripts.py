"""The language a name in its own script is written in, for the ``lang`` attribute of that name."""

import unicodedata

# Checked in this order: Japanese mixes kana with kanji, Korean may mix hanja with Hangul.
SCRIPTS = [("HANGUL", "ko"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("THAI", "th"), ("CJK", "zh")]


def lang_of(text):
    """ "ko" for Hangul, "ja" for kana, "th" for Thai, "zh" for Chinese characters only, else ""."""
    names = {unicodedata.name(char, "").split(" ")[0] for char in text if not char.isascii()}
    for script, lang in SCRIPTS:
        if script in names:
            return lang
    return ""
