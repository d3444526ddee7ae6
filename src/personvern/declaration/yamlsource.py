"""Reading YAML with the position of every key and value.

PyYAML's composer gives nodes with marks; from them we keep, for every path in the document
(a tuple of mapping keys and list indexes), where its key and its value start. The same pass
finds duplicate keys, which YAML itself accepts silently (the last one wins).

The YAML is read with YAML 1.2 core-schema scalars, not PyYAML's YAML 1.1 defaults: only
``true``/``false`` are booleans (so ``country: NO`` is Norway, not false), integers are
decimal (a postal code ``0150`` is not octal), and dates stay text (pydantic parses them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from personvern.declaration.problems import Problem

PathKey = tuple[str | int, ...]
MAX_NODES = 100_000
MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class NodeInfo:
    """Where a value is: ``key`` is its key (or the item start in a list), ``value`` the value."""

    key: Position
    value: Position
    kind: str  # "mapping", "sequence", "scalar" or "empty"
    source: str | None = None  # a scalar as written in the file


@dataclass
class Parsed:
    data: object = None
    positions: dict[PathKey, NodeInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


class _Resolver(BaseResolver):
    pass


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(MERGE_TAG, re.compile(r"^(?:<<)$"), ["<"])


class _Constructor(SafeConstructor):
    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = str(self.construct_scalar(node)).replace("_", "")
        sign = -1 if value.startswith("-") else 1
        value = value.lstrip("+-")
        if value.startswith("0o"):
            return sign * int(value[2:], 8)
        if value.startswith("0x"):
            return sign * int(value[2:], 16)
        return sign * int(value, 10)

    def construct_object(self, node: Node, deep: bool = False) -> object:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            raise ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from exc


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)


class _Loader(Reader, Scanner, Parser, Composer, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def _pos(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


_HINTS = (
    ("found character '\\t'", "YAML does not allow tabs for indentation; use spaces"),
    (
        "mapping values are not allowed",
        "check the indentation, and put quotes around a value that contains ': '",
    ),
    ("could not find expected ':'", "every key needs a ':' after it; check the line above too"),
    (
        "expected <block end>",
        "check the indentation: items at the same level must start in the same column",
    ),
    ("found undefined alias", "define the anchor (&name) before using the alias (*name)"),
    ("expected a single document", "keep one document per file: remove the '---' separator"),
    ("found unhashable key", "a key must be plain text"),
    ("found duplicate anchor", "give each anchor (&name) its own name"),
)


def _syntax_problem(filename: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or exc.context or "not valid YAML"
    hint = next(
        (h for needle, h in _HINTS if needle in str(exc)), "check the indentation and quoting here"
    )
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(filename, line, column, f"invalid YAML: {what}; {hint}")


def _duplicate_keys(root: Node, filename: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[str, Node] = {}
            for key, value in node.value:
                stack.extend((key, value))
                if not isinstance(key, ScalarNode) or key.tag == MERGE_TAG:
                    continue
                if key.value in first:
                    where = first[key.value].start_mark.line + 1
                    problems.append(
                        Problem(
                            filename,
                            key.start_mark.line + 1,
                            key.start_mark.column + 1,
                            f"duplicate key '{key.value}' (first given on line {where}); "
                            "remove one of them: YAML would silently keep only the last",
                        )
                    )
                else:
                    first[key.value] = key
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return problems


class _TooBig(Exception):
    pass


def _value_info(key_pos: Position, node: Node) -> NodeInfo:
    if isinstance(node, MappingNode):
        return NodeInfo(key_pos, _pos(node.start_mark), "mapping")
    if isinstance(node, SequenceNode):
        return NodeInfo(key_pos, _pos(node.start_mark), "sequence")
    if node.value == "" and node.style is None:
        return NodeInfo(key_pos, key_pos, "empty", "")
    return NodeInfo(key_pos, _pos(node.start_mark), "scalar", node.value)


def _key_of(loader: _Loader, node: ScalarNode) -> object:
    """The key as the constructor reads it (``1:`` is the number 1, ``null:`` is None)."""
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return loader.construct_object(node)
    except yaml.YAMLError:
        return node.value


def _walk(
    loader: _Loader,
    node: Node,
    path: PathKey,
    key_pos: Position,
    out: dict[PathKey, NodeInfo],
    active: set[int],
) -> None:
    if len(out) > MAX_NODES:
        raise _TooBig("the file expands to too many values")
    if id(node) in active:
        raise _TooBig("an alias refers to itself")
    out[path] = _value_info(key_pos, node)
    if isinstance(node, ScalarNode):
        return
    active.add(id(node))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                _walk(
                    loader, value, (*path, _key_of(loader, key)), _pos(key.start_mark), out, active
                )
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(loader, item, (*path, index), _pos(item.start_mark), out, active)
    active.discard(id(node))


def parse(text: str, filename: str) -> Parsed:
    """Reads ``text``; syntax errors, duplicate keys and oversize documents become problems."""
    parsed = Parsed()
    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            parsed.problems.append(
                Problem(
                    filename,
                    1,
                    1,
                    "the file is empty; start with 'personvern: 1', a 'controller:' and "
                    "'activities:'",
                )
            )
            return parsed
        parsed.problems.extend(_duplicate_keys(root, filename))
        data = loader.construct_document(root)
        _walk(loader, root, (), Position(1, 1), parsed.positions, set())
    except yaml.MarkedYAMLError as exc:
        parsed.problems.append(_syntax_problem(filename, exc))
        return parsed
    except yaml.YAMLError as exc:  # e.g. a character the reader does not accept
        parsed.problems.append(Problem(filename, 1, 1, f"invalid YAML: {exc}"))
        return parsed
    except (_TooBig, RecursionError) as exc:
        parsed.problems.append(
            Problem(
                filename,
                1,
                1,
                f"{exc or 'the file nests too deeply'}: the declaration cannot use such YAML "
                "aliases; "
                "write the values out instead",
            )
        )
        return parsed
    finally:
        loader.dispose()
    parsed.data = data
    return parsed
