"""Masked examples: enough to let a person recognise what was found, never the value itself.

Digits keep only their last two, letters only the first of each word, e-mail addresses the
first letter of the local part and the top-level domain; separators stay so the shape shows.
"""

from __future__ import annotations

import re

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def mask(value: str, kind: str) -> str:
    text = value.strip()
    if kind == "email" and "@" in text:
        local, _, domain = text.rpartition("@")
        tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
        return f"{local[:1]}***@***.{tld}" if tld else f"{local[:1]}***@***"
    if kind == "ip":
        return re.sub(r"[0-9A-Fa-f]", "•", text[:-2]) + text[-2:] if ":" in text else \
            ".".join(["•••"] * 3 + [text.rsplit(".", 1)[-1]])
    digits = len(_DIGIT.findall(text))
    if digits >= 4 and digits >= len(_LETTER.findall(text)):
        keep = 2
        out = []
        seen = 0
        for char in text:
            if char.isdigit():
                seen += 1
                out.append(char if seen > digits - keep else "•")
            elif char.isalpha():
                out.append("•")
            else:
                out.append(char)
        return "".join(out)
    return " ".join(word[:1] + "•" * min(len(word) - 1, 6) if word else word
                    for word in _mask_digits(text).split(" "))[:60]


def _mask_digits(text: str) -> str:
    return _DIGIT.sub("•", text)
