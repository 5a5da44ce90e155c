"""core.jsonld.script: page data can never end the element, whatever it holds."""

import json

from core.jsonld import script

HOSTILE = "</script><!-- <b>&amp; \u2028 “quotes” 'x' \\ é"


def test_the_data_block_escapes_what_could_end_or_open_an_element():
    element = script({"headline": HOSTILE, "keywords": [HOSTILE, "", None], "empty": {}})
    body = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")

    assert not any(character in body for character in "<>&")
    assert body.count("\\u003C") == 6 and body.count("\\u003E") == 4 and body.count("\\u0026") == 2
    assert json.loads(body) == {"headline": HOSTILE, "keywords": [HOSTILE]}
    # As str.translate wrote it before: each character in place, the rest untouched.
    escapes = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
    text = json.dumps({"headline": HOSTILE, "keywords": [HOSTILE]}, ensure_ascii=False, separators=(",", ":"))
    assert body == text.translate(escapes)
