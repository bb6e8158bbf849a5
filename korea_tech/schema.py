"""JSON Schema (draft 2020-12) of the rows ktech writes: mentions, funding and target records."""
from __future__ import annotations

NUMBER = {"type": ["number", "null"]}
INTEGER = {"type": ["integer", "null"]}
STRING = {"type": ["string", "null"]}
BOOLEAN = {"type": ["boolean", "null"]}

NORM = {
    "type": "object",
    "properties": {
        "currency": STRING, "value": {"type": ["number", "string", "null"]}, "value_max": NUMBER,
        "approx": BOOLEAN, "bound": {"enum": ["min", "max", None]},
        "value_krw": NUMBER, "value_usd": NUMBER, "value_eur": NUMBER,
        "value_max_krw": NUMBER, "value_max_usd": NUMBER, "value_max_eur": NUMBER,
        "rate_date": STRING, "eur_rates": {"type": ["object", "null"], "additionalProperties": {"type": "number"}},
        "conversion_note": STRING,
        "start": INTEGER, "end": {"type": ["integer", "string", "null"]},
        "role": {"enum": ["target", "since", "period", "point"]},
        "unit": {"enum": ["year", "month", "week", "day"]},
        "canonical": {"type": "string"}, "acronym": STRING,
        "country": {"type": "string", "pattern": "^(?:[A-Z]{2}|EU)$"},
    },
    "additionalProperties": False,
}

CHECK = {
    "type": ["object", "null"],
    "properties": {
        "status": {"enum": ["ok", "mismatch", "unchecked"]}, "factor": NUMBER, "stated_value": NUMBER,
        "stated_currency": {"type": "string"}, "expected_value": NUMBER, "tolerance": {"type": "number"},
        "rate_date": STRING, "note": STRING,
        "equivalent_of": {"type": "object", "required": ["text", "start", "end"],
                          "properties": {"text": {"type": "string"}, "start": {"type": "integer"},
                                         "end": {"type": "integer"}}},
    },
    "required": ["status", "equivalent_of"],
    "additionalProperties": False,
}

MENTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "ktech mention row",
    "type": "object",
    "properties": {
        "doc": {"type": "string"}, "path": {"type": "string"},
        "doc_id": {"type": "string", "pattern": "#[0-9]+$"}, "doc_title": STRING,
        "doc_date": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"},
        "label": {"enum": ["MONEY", "YEAR", "DATE", "MINISTRY", "PROGRAMME", "DURATION"]},
        "text": {"type": "string", "minLength": 1}, "start": {"type": "integer", "minimum": 0},
        "end": {"type": "integer", "minimum": 1}, "sentence": {"type": "string"},
        "rule": {"type": "string", "pattern": ":[0-9]+$"}, "norm": NORM, "check": CHECK,
    },
    "required": ["doc", "path", "doc_id", "doc_title", "doc_date", "label", "text", "start", "end", "sentence",
                 "rule", "norm", "check"],
    "additionalProperties": False,
}

_COMMON = {"record_id": {"type": "string"}, "kind": {"enum": ["funding", "target"]}, "doc": {"type": "string"},
           "doc_id": {"type": "string"}, "doc_date": STRING, "sentence": {"type": "string"}}

FUNDING = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "ktech funding record",
    "type": "object",
    "properties": dict(_COMMON, **{
        "linked_by": {"enum": ["table", "prose"]}, "programme": STRING, "programme_canonical": STRING,
        "programme_start": INTEGER, "programme_end": INTEGER, "body": STRING, "body_canonical": STRING,
        "body_country": STRING, "body_start": INTEGER, "body_end": INTEGER, "amount_text": {"type": "string"},
        "amount_start": {"type": "integer"}, "amount_end": {"type": "integer"}, "currency": {"type": "string"},
        "value": {"type": "number"}, "value_max": NUMBER, "approx": {"type": "boolean"},
        "bound": {"enum": ["min", "max", None]}, "value_krw": NUMBER, "value_usd": NUMBER, "value_eur": NUMBER,
        "year_start": INTEGER, "year_end": INTEGER, "year_role": {"enum": ["target", "since", "period", "point", None]},
        "years_text": STRING, "years_start": INTEGER, "years_end": INTEGER, "duration_years": NUMBER,
        "per_year_krw": NUMBER, "source": {"enum": ["public", "private", "unknown"]}, "equivalent_text": STRING,
        "equivalent_check": {"enum": ["ok", "mismatch", "unchecked", None]},
        "confidence": {"enum": ["high", "medium", "low"]},
    }),
    "required": ["record_id", "kind", "programme", "body", "amount_text", "currency", "value", "source",
                 "confidence", "doc_id"],
    "additionalProperties": False,
}

TARGET = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "ktech target record",
    "type": "object",
    "properties": dict(_COMMON, **{
        "metric": STRING, "quantity": {"type": "number"}, "unit": STRING, "baseline": NUMBER, "year_end": INTEGER,
        "year_text": STRING, "quantity_text": {"type": "string"}, "quantity_start": {"type": "integer"},
        "quantity_end": {"type": "integer"},
    }),
    "required": ["record_id", "kind", "metric", "quantity", "unit", "year_end", "doc_id"],
    "additionalProperties": False,
}

SCHEMAS = {"mention": MENTION, "funding": FUNDING, "target": TARGET}
