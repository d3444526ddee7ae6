"""``banner.js`` as served: the hand-written script and CSS, minified by a few safe rules
(whole-line comments, indentation and blank lines go; nothing inside a line changes),
the CSS inlined, and the declaration's configuration filled in."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

STATIC = Path(__file__).parent / "static"
CONFIG_SLOT, CSS_SLOT, GPC_SLOT = "__PV_CONFIG__", "__PV_CSS__", "__PV_GPC__"


def minify_js(source: str) -> str:
    without_blocks = re.sub(r"^\s*/\*.*?\*/\s*$", "", source, flags=re.DOTALL | re.MULTILINE)
    lines = (line.strip() for line in without_blocks.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def minify_css(source: str) -> str:
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)
    source = re.sub(r"\s+", " ", source)
    source = re.sub(r"\s*([{};,>])\s*", r"\1", source)
    return source.replace(";}", "}").strip()


@lru_cache(maxsize=1)
def code() -> str:
    """The script with the CSS inlined; the configuration slot still open."""
    script = minify_js((STATIC / "banner.js").read_text(encoding="utf-8"))
    css = minify_css((STATIC / "banner.css").read_text(encoding="utf-8"))
    return script.replace(CSS_SLOT, json.dumps(css))


@lru_cache(maxsize=1)
def code_hash() -> str:
    return hashlib.sha256(code().encode()).hexdigest()[:16]


def render(config_json: str, *, gpc: bool) -> str:
    return code().replace(GPC_SLOT, "true" if gpc else "false").replace(CONFIG_SLOT, config_json)
