"""The audit report for a person: terminal text and an HTML page (Jinja2, autoescaped)."""

from __future__ import annotations

from jinja2 import Environment

from personvern.policytext.audit import KINDS, AuditReport

TITLES = {"contradiction": "Contradictions", "omission": "Omissions", "unkept_promise": "Promises the system does not keep"}

_HTML = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Policy audit: {{ report.policy }}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h2{border-bottom:1px solid #ccc}li{margin:.6rem 0}blockquote{margin:.3rem 0 0 1rem;color:#444;font-style:italic}
code{background:#f3f3f3;padding:0 .2rem}.contradiction h2{color:#a00}</style></head>
<body><h1>Policy audit</h1>
<p><strong>{{ report.policy }}</strong> against <code>{{ report.declaration }}</code>:
{% for kind in kinds %}{{ counts[kind] }} {{ titles[kind]|lower }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
{% for kind in kinds %}<section class="{{ kind }}"><h2>{{ titles[kind] }} ({{ counts[kind] }})</h2>
{% if groups[kind] %}<ul>{% for f in groups[kind] %}<li>{{ f.message }}
{% if f.key %}<br>declaration: <code>{{ f.key }}</code>{% if f.line %} (line {{ f.line }}){% endif %}{% endif %}
{% if f.span %}<blockquote>“{{ f.span.quote }}” (characters {{ f.span.start }}–{{ f.span.end }})</blockquote>{% endif %}
</li>{% endfor %}</ul>{% else %}<p>None.</p>{% endif %}</section>
{% endfor %}</body></html>
""")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render_text(report: AuditReport) -> str:
    out = [f"{report.policy} against {report.declaration}"]
    for kind in KINDS:
        findings = report.of(kind)
        out.append("")
        out.append(f"{TITLES[kind]} ({len(findings)})")
        for finding in findings:
            where = f"  [{finding.key}{f', line {finding.line}' if finding.line else ''}]" if finding.key else ""
            out.append(f"  - {finding.message}{where}")
            if finding.span:
                out.append(f"      \"{_short(finding.span.quote)}\" (at {finding.span.start})")
    out.append("")
    counts = {kind: len(report.of(kind)) for kind in KINDS}
    out.append(", ".join(f"{counts[k]} {TITLES[k].lower()}" for k in KINDS))
    return "\n".join(out) + "\n"


def render_html(report: AuditReport) -> str:
    groups = {kind: report.of(kind) for kind in KINDS}
    counts = {kind: len(items) for kind, items in groups.items()}
    return _HTML.render(report=report, kinds=KINDS, titles=TITLES, groups=groups, counts=counts)
