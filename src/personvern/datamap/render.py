"""The plan as text, as a Mermaid flowchart and as a Graphviz (DOT) graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from personvern.datamap.model import DatamapError

if TYPE_CHECKING:
    from personvern.datamap.plan import Plan


def render_text(plan: Plan) -> str:
    lines = [f"Plan for identities: {', '.join(plan.identities) or '(none)'}"]
    if not plan.steps:
        lines.append("  no collection is reached")
    width = len(str(len(plan.steps)))
    for number, step in enumerate(plan.steps, 1):
        flags = []
        if step.cycle:
            flags.append("cycle: repeated until no new values")
        if step.collection.deletes_rows:
            flags.append("erasure deletes rows")
        suffix = f"  ({'; '.join(flags)})" if flags else ""
        lines.append(f"  {number:>{width}}. {step.address}{suffix}")
        by_field: dict[str, list[str]] = {}
        for item in step.inputs:
            by_field.setdefault(item.target_field, []).append(item.source)
        for target, sources in by_field.items():
            lines.append(f"  {'':>{width}}    {target} <- {', '.join(sources)}")
        personal = [f.dotted for f in step.collection.personal_fields]
        if personal:
            lines.append(f"  {'':>{width}}    personal: {', '.join(personal)}")
    if plan.steps:
        try:
            lines.append("Erase order: " + ", ".join(s.address for s in plan.erase_order()))
        except DatamapError as exc:
            lines.append(f"Erase order: none ({exc.detail})")
    unreachable = plan.unreachable_personal
    if unreachable:
        lines.append("Personal data that no identity reaches (an error):")
        for collection in unreachable:
            fields = ", ".join(f.dotted for f in collection.personal_fields)
            lines.append(f"  - {collection.address} ({fields})")
    others = [c for c in plan.unreachable if not c.personal_fields]
    if others:
        lines.append("Not reached (no personal data): " + ", ".join(c.address for c in others))
    return "\n".join(lines) + "\n"


def _mermaid_text(value: str) -> str:
    return value.replace('"', "#quot;")


def render_mermaid(plan: Plan) -> str:
    ids: dict[str, str] = {}
    lines = ["flowchart LR"]

    def node(key: str, label: str, shape: str = "box", css: str = "") -> str:
        if key not in ids:
            ids[key] = f"n{len(ids)}"
            text = _mermaid_text(label)
            body = f'(["{text}"])' if shape == "round" else f'["{text}"]'
            lines.append(f"  {ids[key]}{body}{css}")
        return ids[key]

    for identity in plan.identities:
        node("identity:" + identity, f"identity: {identity}", "round")
    for number, step in enumerate(plan.steps, 1):
        node(step.address, f"{number}. {step.address}")
    for step in plan.steps:
        for item in step.inputs:
            if item.identity is not None:
                source, label = "identity:" + item.identity, item.target_field
            else:
                source, label = item.source_address or "", f"{item.source_field} → {item.target_field}"
            lines.append(f'  {ids[source]} -->|"{_mermaid_text(label)}"| {ids[step.address]}')
    for collection in plan.unreachable_personal:
        node(collection.address, f"{collection.address} (unreachable)", css=":::unreachable")
    if plan.unreachable_personal:
        lines.append("  classDef unreachable fill:#fdd,stroke:#c00,color:#600")
    return "\n".join(lines) + "\n"


def _dot_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_dot(plan: Plan) -> str:
    lines = ["digraph datamap {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for identity in plan.identities:
        lines.append(f"  {_dot_text('identity:' + identity)} [shape=ellipse, "
                     f"label={_dot_text('identity: ' + identity)}];")
    for number, step in enumerate(plan.steps, 1):
        lines.append(f"  {_dot_text(step.address)} [label={_dot_text(f'{number}. {step.address}')}];")
    for step in plan.steps:
        for item in step.inputs:
            if item.identity is not None:
                source, label = "identity:" + item.identity, item.target_field
            else:
                source, label = item.source_address or "", f"{item.source_field} → {item.target_field}"
            lines.append(f"  {_dot_text(source)} -> {_dot_text(step.address)} [label={_dot_text(label)}];")
    for collection in plan.unreachable_personal:
        lines.append(f"  {_dot_text(collection.address)} [label="
                     f"{_dot_text(collection.address + ' (unreachable)')}, color=red, fontcolor=red];")
    lines.append("}")
    return "\n".join(lines) + "\n"
