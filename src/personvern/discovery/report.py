"""The scan as JSON, as terminal text and as HTML. Counts and masked examples only."""

from __future__ import annotations

import json
from dataclasses import asdict

from jinja2 import Environment, PackageLoader, select_autoescape

from personvern.discovery.classify import POSSIBLE, Finding
from personvern.discovery.entities import DiscoveryResult, TableResult
from personvern.discovery.kinds import KINDS


def _finding(f: Finding) -> dict:
    return {
        "column": f.column, "kind": f.kind, "label": label(f), "categories": list(f.categories),
        "confidence": f.confidence, "personal": f.personal, "hit_rate": round(f.hit_rate, 4),
        "sampled": f.sampled, "non_null": f.non_null, "validated": f.matched,
        "examples_masked": list(f.examples), "evidence": list(f.reasons),
        "contains": list(f.contains), "alternatives": f.alternatives,
    }


def _table(t: TableResult) -> dict:
    return {
        "table": t.name, "row_estimate": t.row_estimate, "sampled_rows": t.sampled,
        "sampling": t.method, "seconds": t.seconds, "timed_out": t.timed_out, "error": t.error,
        "relates_to_person": t.relation, "columns": len(t.columns),
        "findings": [_finding(f) for f in t.findings if f.confidence >= POSSIBLE],
    }


def to_dict(result: DiscoveryResult) -> dict:
    return {
        "databases": [
            {"dataset": d.dataset, "engine": d.engine, "compared_with_declaration": d.declared,
             "tables": [_table(t) for t in d.tables]}
            for d in result.databases
        ],
        "problems": [asdict(p) for p in result.problems],
        "summary": summary(result),
    }


def to_json(result: DiscoveryResult) -> str:
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False)


def summary(result: DiscoveryResult) -> dict:
    tables = [t for d in result.databases for t in d.tables]
    return {
        "tables": len(tables),
        "columns": sum(len(t.columns) for t in tables),
        "personal_columns": sum(len(t.personal) for t in tables),
        "sampled_rows": sum(t.sampled for t in tables),
        "problems": len(result.problems),
        "errors": len(result.errors),
    }


def label(f: Finding) -> str:
    if f.kind == "free_text":
        return "free text with " + ", ".join(KINDS[k].label for k in f.contains)
    return KINDS[f.kind].label


def to_text(result: DiscoveryResult) -> str:
    lines: list[str] = []
    for database in result.databases:
        lines.append(f"{database.dataset} ({database.engine})")
        for table in database.tables:
            head = f"  {table.name}: {table.sampled} rows sampled ({table.method}, {table.seconds:.2f} s)"
            if table.error:
                head += f" — not read: {table.error}"
            elif table.timed_out:
                head += " — time limit reached, partial sample"
            lines.append(head)
            for f in table.findings:
                if f.confidence < POSSIBLE:
                    continue
                mark = "personal" if f.personal else "possible"
                rate = f", {f.matched}/{f.non_null} validated" if f.non_null and f.matched else ""
                shown = f", e.g. {', '.join(f.examples)}" if f.examples else ""
                lines.append(f"    {f.column}: {label(f)} → {', '.join(f.categories)} "
                             f"[{mark} {f.confidence:.2f}{rate}{shown}]")
    s = summary(result)
    lines.append("")
    lines.append(f"{s['tables']} tables, {s['columns']} columns, {s['personal_columns']} with personal "
                 f"data, {s['sampled_rows']} rows sampled")
    if result.problems:
        lines.append(f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}:")
        lines.extend(f"  {p}" for p in result.problems)
    else:
        lines.append("no problems")
    return "\n".join(lines)


def to_html(result: DiscoveryResult) -> str:
    env = Environment(loader=PackageLoader("personvern.discovery", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("report.html.j2").render(data=to_dict(result))
