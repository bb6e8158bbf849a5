"""A page to look at: one self-contained HTML file with every document, its mentions
highlighted by label (the normalised value on hover), a colour key with filters, and the
records and findings beside the text.  No network, no CDN: styles and the small filter
script are inline.  Document text is untrusted and always escaped.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

COLOURS = {"MONEY": "#f6c344", "YEAR": "#8fd18b", "DATE": "#7fc8f8", "MINISTRY": "#f49d9d",
           "PROGRAMME": "#c6a7f2", "DURATION": "#b8e0d2"}

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.6em 1em;z-index:2}
h1{font-size:1.2em;margin:0 0 .4em}
.key label{margin-right:1em;cursor:pointer;white-space:nowrap}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:middle;margin-right:.3em}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1em;padding:1em}
article{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:1em;margin-bottom:1em}
article h2{font-size:1em;margin:0 0 .2em}
.meta{color:#666;font-size:.85em;margin-bottom:.6em}
.text{white-space:pre-wrap;line-height:1.6;font-size:.92em}
mark{border-radius:3px;padding:0 1px;cursor:help}
body.hide-MONEY mark.MONEY,body.hide-YEAR mark.YEAR,body.hide-DATE mark.DATE,body.hide-MINISTRY mark.MINISTRY,
body.hide-PROGRAMME mark.PROGRAMME,body.hide-DURATION mark.DURATION{background:none!important}
aside{min-width:0}
aside table{border-collapse:collapse;width:100%;font-size:.82em;background:#fff;margin-bottom:1em;table-layout:auto}
aside th,aside td{border:1px solid #e3e3e3;padding:.25em .4em;text-align:left;vertical-align:top;
  overflow-wrap:anywhere;word-break:break-word}
aside h2{font-size:1em}
.mismatch{color:#b00020;font-weight:600}
"""

SCRIPT = """
document.querySelectorAll('input[data-label]').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.dataset.label, !box.checked);
  });
});
"""


def _number(value) -> str:
    return f"{value:,.0f}" if isinstance(value, (int, float)) and abs(value) >= 1000 else str(value)


def _readable(label: str, norm: dict) -> str:
    """The normalised value as a reader says it: 'KRW 1,200,000,000,000, about; USD
    898,456,596 on 2024-05-14', '2024–2028 (period)', 'Ministry of Trade, Industry and
    Energy (MOTIE, KR)'."""
    if label == "MONEY" and norm.get("value") is not None:
        amount = f"{norm.get('currency') or '?'} {_number(norm['value'])}"
        if norm.get("value_max") is not None:
            amount += f" to {_number(norm['value_max'])}"
        notes = [n for n in ("about" if norm.get("approx") else None,
                             {"min": "at least", "max": "at most"}.get(norm.get("bound"))) if n]
        converted = [f"{c.upper()} {_number(norm[f'value_{c}'])}" for c in ("krw", "usd", "eur")
                     if norm.get(f"value_{c}") is not None and c.upper() != norm.get("currency")]
        text = amount + (f", {', '.join(notes)}" if notes else "")
        if converted:
            text += f"; {' / '.join(converted)} on {norm.get('rate_date')}"
        elif norm.get("conversion_note"):
            text += f"; {norm['conversion_note']}"
        return text
    if label == "YEAR":
        span = "?" if norm.get("start") is None else str(norm["start"]) if norm.get("end") in (None, norm.get("start")) \
            else f"{norm['start']}–{norm['end']}"
        return f"{span} ({norm.get('role')})"
    if label == "DATE":
        return (norm.get("value") or "date unknown (no document date)") + (f" to {norm['end']}" if norm.get("end") else "")
    if label in ("MINISTRY", "PROGRAMME"):
        extra = ", ".join(x for x in (norm.get("acronym"), norm.get("country"), norm.get("canonical_en")) if x)
        return f"{norm.get('canonical')}" + (f" ({extra})" if extra else "")
    if label == "DURATION":
        return f"{norm.get('value')} {norm.get('unit')}{'s' if norm.get('value') != 1 else ''}"
    return ", ".join(f"{k}: {v}" for k, v in norm.items() if v is not None)


def _hover(row: dict) -> str:
    text = f"{row['label']}: {_readable(row['label'], row.get('norm') or {})}\nrule {row['rule']}"
    if row.get("check"):
        text += f"\nstated equivalent: {row['check']['status']} (factor {row['check']['factor']})"
    return text


def _highlight(text: str, offset: int, rows: list[dict]) -> str:
    parts, pos = [], 0
    for row in sorted(rows, key=lambda r: r["start"]):
        start, end = row["start"] - offset, row["end"] - offset
        if start < pos or end > len(text):
            continue
        parts.append(escape(text[pos:start]))
        parts.append(f'<mark class="{row["label"]}" data-label="{row["label"]}" '
                     f'style="background:{COLOURS.get(row["label"], "#ddd")}" title="{escape(_hover(row))}">'
                     f"{escape(text[start:end])}</mark>")
        pos = end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def _table(title: str, columns: list[str], rows: list[dict], css=None) -> str:
    """A records table whose first column names each row's document and links to it."""
    if not rows:
        return f"<h2>{escape(title)}</h2><p>None.</p>"
    head = "<th>document</th>" + "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = []
    for r in rows:
        cls = f' class="{css(r)}"' if css else ""
        link = f'<td><a href="#{escape(r["doc_id"])}">{escape(r["doc_id"])}</a></td>'
        body.append(f"<tr{cls}>" + link + "".join(
            f"<td>{escape('' if r.get(c) is None else _number(r.get(c)) if c in _NUMBERS else str(r.get(c)))}</td>"
            for c in columns) + "</tr>")
    return f"<h2>{escape(title)}</h2><table><tr>{head}</tr>{''.join(body)}</table>"


_NUMBERS = {"value", "quantity", "value_krw", "value_usd", "value_eur"}


def render_report(documents, rows: list[dict], records: list[dict], title: str = "ktech report") -> str:
    by_doc = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    labels = sorted({r["label"] for r in rows})
    key = "".join(f'<label><input type="checkbox" checked data-label="{lab}">'
                  f'<span class="swatch" style="background:{COLOURS.get(lab, "#ddd")}"></span>{lab} '
                  f'({sum(r["label"] == lab for r in rows)})</label>' for lab in labels)
    articles = []
    for d in documents:
        meta = " · ".join(escape(x) for x in (d.doc_id, d.path, d.date.iso() if d.date else "no date") if x)
        articles.append(f'<article id="{escape(d.doc_id)}"><h2>{escape(d.title or d.doc_id)}</h2>'
                        f'<div class="meta">{meta}</div>'
                        f'<div class="text">{_highlight(d.text, d.offset, by_doc.get(d.doc_id, []))}</div></article>')
    funding = [r for r in records if r["kind"] == "funding"]
    targets = [r for r in records if r["kind"] == "target"]
    findings = [dict(doc_id=r["doc_id"], stated=r["text"], amount=r["check"]["equivalent_of"]["text"],
                     factor=r["check"]["factor"], note=r["check"]["note"]) for r in rows
                if r.get("check") and r["check"]["status"] == "mismatch"]
    aside = (_table(f"Findings ({len(findings)})", ["amount", "stated", "factor", "note"], findings,
                    lambda r: "mismatch")
             + _table(f"Funding records ({len(funding)})", ["amount_text", "currency", "value", "programme",
                                                            "body_canonical", "year_start", "year_end", "source",
                                                            "confidence", "evidence"], funding)
             + _table(f"Target records ({len(targets)})", ["quantity", "metric", "unit", "year_end"], targets))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{escape(title)}</h1><div class=\"key\">{key}</div></header>"
            f"<main><section>{''.join(articles)}</section><aside>{aside}</aside></main>"
            f"<script>{SCRIPT}</script></body></html>\n")
