"""A small HTML tree (stdlib html.parser) and the structural checks the notice pages must pass:
well-formed nesting, unique ids, working in-page links, a lang attribute, heading order,
table headers with scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets one leave out; the notice never does, so they are checked too.


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    line: int = 0

    def text(self) -> str:
        return " ".join(
            " ".join((c if isinstance(c, str) else c.text()).split()) for c in self.children
        ).strip()

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        out = []
        for node in self.iter():
            if tag is not None and node.tag != tag:
                continue
            if all(node.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(node)
        return out

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.errors: list[str] = []
        self.doctype = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = self.doctype or decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        node = Node(tag, {k: v or "" for k, v in attrs}, line=self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):  # noqa: ANN001
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}, line=self.getpos()[0]))

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes <{self.stack[-1].tag}>")
            while len(self.stack) > 1 and self.stack[-1].tag != tag:
                self.stack.pop()
        if len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):  # noqa: ANN001
        self.stack[-1].children.append(data)


def parse(html: str) -> tuple[Node, list[str]]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    errors = list(parser.errors)
    if len(parser.stack) > 1:
        errors.append(f"unclosed: {[n.tag for n in parser.stack[1:]]}")
    return parser.root, errors


def problems(html: str, *, page: bool = True) -> list[str]:
    """Every structural and accessibility problem found in ``html`` (empty: fine)."""
    root, errors = parse(html)
    out = list(errors)
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    out += [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for link in root.find_all("a"):
        href = link.attrs.get("href", "")
        if href.startswith("#") and href[1:] not in ids:
            out.append(f"link to missing anchor {href}")
        if not link.text():
            out.append(f"empty link text for {href}")
    for table in root.find_all("table"):
        heads = table.find_all("th")
        if not heads:
            out.append("table without header cells")
        out += [f"<th> without scope: {th.text()[:30]!r}" for th in heads if th.attrs.get("scope") not in ("col", "row")]
        if not table.find_all("caption") and page:
            out.append("table without caption")
    for img in root.find_all("img"):
        if "alt" not in img.attrs:
            out.append("img without alt")
    for tag in ("script", "link", "img", "iframe"):
        for node in root.find_all(tag):
            src = node.attrs.get("src") or node.attrs.get("href") or ""
            if src.startswith(("http:", "https:", "//")):
                out.append(f"external resource {src}")
    if page:
        html_nodes = root.find_all("html")
        if not html_nodes or html_nodes[0].attrs.get("lang") not in ("en", "nb"):
            out.append("<html> needs lang=en or lang=nb")
        titles = root.find_all("title")
        if not titles or not titles[0].text():
            out.append("missing <title>")
        if len(root.find_all("h1")) != 1:
            out.append("a page needs exactly one <h1>")
        if not root.find_all("main"):
            out.append("missing <main>")
        level = 0
        for node in root.iter():
            if len(node.tag) == 2 and node.tag[0] == "h" and node.tag[1].isdigit():
                new = int(node.tag[1])
                if new > level + 1:
                    out.append(f"heading <{node.tag}> {node.text()[:40]!r} skips a level after h{level}")
                if not node.text():
                    out.append(f"empty heading <{node.tag}>")
                level = new
    return out
