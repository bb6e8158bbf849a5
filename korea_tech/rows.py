"""The rows ktech writes, each kind defined once: its fields in order, with their JSON
Schema. From a ``RowType`` come its rows (``Row``: a dict in field order, with
attribute access and ``to_dict``), its CSV columns (nested ``norm``/``check`` flattened
to ``norm_<field>``) and its JSON Schema (``ktech schema``).

The conversion fields follow the target currencies of the rules (rules/money.yaml:
``conversion.targets``, KRW USD EUR by default): ``value_krw``, ``value_usd`` ...
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

NUMBER = {"type": ["number", "null"]}
INTEGER = {"type": ["integer", "null"]}
STRING = {"type": ["string", "null"]}
BOOLEAN = {"type": ["boolean", "null"]}
TEXT = {"type": "string"}
WHOLE = {"type": "integer"}
DEFAULT_TARGETS = ("KRW", "USD", "EUR")


class Row(dict):
    """One output row: a dict in its type's field order, readable as attributes."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self) -> dict[str, Any]:
        return dict(self)


@dataclass(frozen=True)
class Field:
    name: str
    schema: dict
    required: bool = True


@dataclass(frozen=True)
class Group:
    """The fields of a nested mapping (``norm``, ``check``), in column order."""

    fields: tuple[Field, ...]

    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def schema(self, nullable: bool) -> dict:
        schema = {"type": ["object", "null"] if nullable else "object",
                  "properties": {f.name: f.schema for f in self.fields}, "additionalProperties": False}
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema


_TYPES: dict[tuple, "RowType"] = {}  # (name, targets) -> type, so rows unpickle as their own type


def _rebuild(key: tuple, items: list) -> Row:
    return _TYPES[key].row(items)


class RowType:
    def __init__(self, name: str, title: str, fields: Sequence[Field], nested: dict[str, tuple[Group, bool]] = {},
                 targets: tuple[str, ...] = ()):
        self.name, self.title = name, title
        self.fields = tuple(fields)
        self.nested = dict(nested)  # field name -> (group, nullable)
        self.names = tuple(f.name for f in self.fields)
        self._known = frozenset(self.names)
        key = (name, targets)
        _TYPES[key] = self
        # Rows of this type are instances of their own class: isinstance(r, types.funding.row)
        self.row = type(f"{name.title()}Row", (Row,), {
            "__slots__": (), "type": self, "__reduce__": lambda row: (_rebuild, (key, list(row.items())))})

    def __call__(self, **values: Any) -> Row:
        self._refuse_unknown(values.keys())
        return self.row(zip(self.names, map(values.get, self.names)))

    def _refuse_unknown(self, names) -> None:
        unknown = set(names) - self._known
        if unknown:
            raise TypeError(f"{self.name} rows have no field(s) {', '.join(sorted(unknown))}")

    def maker(self, shared: dict[str, Any], names: Sequence[str]):
        """A maker of rows that share the ``shared`` values and take the values of
        ``names``, in that order, per call (fields not given are None): the fields are
        checked and placed once, not once per row (a table's 55,000 rows per MB)."""
        self._refuse_unknown(shared.keys() | set(names))
        if len(set(names)) != len(names) or shared.keys() & set(names):
            raise TypeError(f"{self.name} row fields given twice")
        # a copy of the shared row with the given values put in: the fields keep their
        # order (a dict's update does not move a key it holds), in half the time of
        # building each row from its cells
        template = dict(zip(self.names, [shared.get(n) for n in self.names]))
        given, row_type = list(names), self.row

        def make(*values: Any) -> Row:
            row = row_type(template)
            row.update(zip(given, values))
            return row

        return make

    def columns(self) -> list[str]:
        """CSV columns: the row's own fields, then each nested group's, flattened."""
        top = [n for n in self.names if n not in self.nested]
        return top + [f"{n}_{k}" for n, (group, _) in self.nested.items() for k in group.names()]

    def cells(self, row: dict) -> list[Any]:
        """The row's values in ``columns()`` order."""
        values = [row.get(n) for n in self.names if n not in self.nested]
        for n, (group, _) in self.nested.items():
            inner = row.get(n) or {}
            values.extend(inner.get(k) for k in group.names())
        return values

    def json_schema(self) -> dict:
        properties = {}
        for f in self.fields:
            if f.name in self.nested:
                group, nullable = self.nested[f.name]
                properties[f.name] = group.schema(nullable)
            else:
                properties[f.name] = f.schema
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": self.title, "type": "object",
                "properties": properties, "required": [f.name for f in self.fields if f.required],
                "additionalProperties": False}


def _fields(*specs) -> list[Field]:
    return [Field(*s) for s in specs]


def norm_group(targets: Sequence[str]) -> Group:
    lower = [t.lower() for t in targets]
    return Group(tuple(Field(n, s, False) for n, s in [
        ("currency", STRING), ("value", {"type": ["number", "string", "null"]}), ("value_max", NUMBER),
        ("approx", BOOLEAN), ("bound", {"enum": ["min", "max", None]}),
        *[(f"value_{t}", NUMBER) for t in lower], *[(f"value_max_{t}", NUMBER) for t in lower],
        ("rate_date", STRING), ("eur_rates", {"type": ["object", "null"], "additionalProperties": {"type": "number"}}),
        ("conversion_note", STRING),
        ("start", INTEGER), ("end", {"type": ["integer", "string", "null"]}),
        ("role", {"enum": ["target", "since", "period", "point"]}), ("unit", {"enum": ["year", "month", "week", "day"]}),
        ("canonical", TEXT), ("canonical_en", STRING), ("acronym", STRING), ("country", {"type": "string", "pattern": "^(?:[A-Z]{2}|EU)$"}),
    ]))


CHECK = Group((
    Field("status", {"enum": ["ok", "mismatch", "unchecked"]}), Field("factor", NUMBER, False),
    Field("stated_value", NUMBER, False), Field("stated_currency", TEXT, False),
    Field("expected_value", NUMBER, False), Field("tolerance", {"type": "number"}, False),
    Field("rate_date", STRING, False),
    Field("equivalent_of", {"type": "object", "required": ["text", "start", "end"],
                            "properties": {"text": TEXT, "start": WHOLE, "end": WHOLE}}),
    Field("note", STRING, False),
))
LABEL = {"enum": ["MONEY", "YEAR", "DATE", "MINISTRY", "PROGRAMME", "DURATION"]}
# Where a document's date came from (none: the document has no date).
DATE_SOURCE = {"enum": ["stamp", "byline", "leading line", "dateline", "metadata", "field", "user", "file name",
                        "none"]}
# The document's language (ktech's code: en, ko ...).
LANG = {"type": "string", "pattern": "^[a-z]{2,3}$"}


def mention_type(targets: Sequence[str]) -> RowType:
    return RowType("mention", "ktech mention row", _fields(
        ("doc", TEXT), ("path", TEXT), ("doc_id", {"type": "string", "pattern": "#[0-9]+$"}), ("doc_title", STRING),
        ("doc_date", {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"}),
        ("doc_date_source", DATE_SOURCE), ("lang", LANG),
        ("label", LABEL), ("text", {"type": "string", "minLength": 1}),
        ("start", {"type": "integer", "minimum": 0}), ("end", {"type": "integer", "minimum": 1}),
        ("sentence", TEXT), ("rule", {"type": "string", "pattern": ":[0-9]+$"}),
        ("page", INTEGER), ("record", STRING), ("url", STRING), ("norm", {}), ("check", {}),
    ), {"norm": (norm_group(targets), False), "check": (CHECK, True)}, tuple(targets))


def funding_type(targets: Sequence[str]) -> RowType:
    lower = [t.lower() for t in targets]
    optional = [
        ("linked_by", {"enum": ["table", "prose"]}), ("programme", STRING), ("programme_canonical", STRING),
        ("programme_start", INTEGER), ("programme_end", INTEGER), ("body", STRING), ("body_canonical", STRING),
        ("body_country", STRING), ("body_start", INTEGER), ("body_end", INTEGER), ("amount_text", TEXT),
        ("amount_start", WHOLE), ("amount_end", WHOLE),
        ("repeated_at", {"type": ["array", "null"], "items": {"type": "integer"}}),
        ("currency", TEXT), ("value", {"type": "number"}),
        ("value_max", NUMBER), ("approx", {"type": "boolean"}), ("bound", {"enum": ["min", "max", None]}),
        *[(f"value_{t}", NUMBER) for t in lower],
        ("year_start", INTEGER), ("year_end", INTEGER),
        ("year_role", {"enum": ["target", "since", "period", "point", None]}), ("years_text", STRING),
        ("years_start", INTEGER), ("years_end", INTEGER), ("duration_years", NUMBER), (f"per_year_{lower[0]}", NUMBER),
        ("source", {"enum": ["public", "private", "unknown"]}), ("evidence", STRING), ("equivalent_text", STRING),
        ("equivalent_check", {"enum": ["ok", "mismatch", "unchecked", None]}),
        ("confidence", {"enum": ["high", "medium", "low"]}),
        ("doc", TEXT), ("doc_id", TEXT), ("doc_date", STRING), ("doc_date_source", DATE_SOURCE), ("lang", LANG),
        ("url", STRING), ("record", STRING), ("page", INTEGER), ("sentence", TEXT),
    ]
    required = {"programme", "body", "amount_text", "currency", "value", "source", "confidence", "doc_id"}
    return RowType("funding", "ktech funding record", [Field("record_id", TEXT), Field("kind", {"enum": ["funding", "target"]})]
                   + [Field(n, s, n in required) for n, s in optional], targets=tuple(targets))


def ledger_type(targets: Sequence[str]) -> RowType:
    """One commitment across a corpus (``ktech records --merge``), with every source."""
    lower = [t.lower() for t in targets]
    strings = {"type": "array", "items": {"type": ["string", "null"]}}
    return RowType("ledger", "ktech funding ledger row", _fields(
        ("ledger_id", TEXT), ("programme", STRING), ("programme_canonical", STRING), ("body_canonical", STRING),
        ("body_country", STRING), ("currency", TEXT), ("value", {"type": "number"}), ("value_low", {"type": "number"}),
        ("value_high", {"type": "number"}), ("amount_disagrees", {"type": "boolean"}),
        *[(f"value_{t}", NUMBER) for t in lower],
        ("year_start", INTEGER), ("year_end", INTEGER), ("period_disagrees", {"type": "boolean"}),
        ("sources", WHOLE), ("first_reported", STRING), ("latest_reported", STRING), ("doc_ids", strings),
        ("doc_dates", strings), ("urls", strings), ("record_ids", strings), ("amounts", strings),
        ("confidence", {"enum": ["high", "medium", "low"]}),
    ), targets=tuple(targets))


TARGET = RowType("target", "ktech target record", [Field(n, s, r) for n, s, r in [
    ("record_id", TEXT, True), ("kind", {"enum": ["funding", "target"]}, True), ("metric", STRING, True),
    ("quantity", {"type": "number"}, True), ("unit", STRING, True), ("baseline", NUMBER, False),
    ("year_end", INTEGER, True), ("year_text", STRING, False), ("quantity_text", TEXT, False),
    ("quantity_start", WHOLE, False), ("quantity_end", WHOLE, False), ("evidence", STRING, False),
    ("doc", TEXT, False), ("doc_id", TEXT, True),
    ("doc_date", STRING, False), ("doc_date_source", DATE_SOURCE, False), ("lang", LANG, False),
    ("sentence", TEXT, False),
]])

FINDING = RowType("finding", "ktech finding: a stated equivalent checked against the ECB rate", _fields(
    ("doc", TEXT), ("path", TEXT), ("doc_id", TEXT), ("doc_date", STRING), ("status", {"enum": ["ok", "mismatch", "unchecked"]}),
    ("amount", TEXT), ("amount_start", WHOLE), ("amount_end", WHOLE), ("stated", TEXT), ("stated_start", WHOLE),
    ("stated_end", WHOLE), ("stated_value", NUMBER), ("stated_currency", TEXT), ("expected_value", NUMBER),
    ("factor", NUMBER), ("tolerance", {"type": "number"}), ("rate_date", STRING), ("note", STRING), ("sentence", TEXT),
))

STIP = RowType("stip", "ktech STIP Compass initiative", _fields(
    ("initiative", TEXT), ("responsible_organisation", STRING), ("country", TEXT), ("start_year", INTEGER),
    ("end_year", INTEGER), ("budget_eur", NUMBER), ("budget_band", STRING), ("mentions", WHOLE), ("documents", TEXT),
))

ERROR = RowType("error", "ktech input that could not be read", _fields(("path", TEXT), ("reason", TEXT)))

RULE = RowType("rule", "ktech loaded rules", _fields(("file", TEXT), ("label", TEXT), ("kind", TEXT), ("count", WHOLE)))


def explain_type(targets: Sequence[str]) -> RowType:
    return RowType("explain", "ktech decision about a candidate", _fields(
        ("label", LABEL), ("text", TEXT), ("start", WHOLE), ("end", WHOLE),
        ("outcome", {"enum": ["kept", "dropped"]}), ("reason", TEXT), ("rule", TEXT), ("norm", {}),
    ), {"norm": (norm_group(targets), True)}, tuple(targets))


@dataclass(frozen=True)
class RowTypes:
    """Every kind of row, for the target currencies of one rule set."""

    mention: RowType
    funding: RowType
    target: RowType
    explain: RowType
    ledger: RowType
    finding: RowType = FINDING
    stip: RowType = STIP
    error: RowType = ERROR
    rule: RowType = RULE

    def record(self, kind: str) -> RowType:
        return self.funding if kind == "funding" else self.target

    def schemas(self) -> dict[str, dict]:
        return {t.name: t.json_schema() for t in (self.mention, self.funding, self.target, self.ledger)}


def row_types(targets: Iterable[str] = DEFAULT_TARGETS) -> RowTypes:
    """The row types for these target currencies (the same objects for the same targets)."""
    return _row_types(tuple(targets))


@lru_cache(maxsize=8)
def _row_types(targets: tuple[str, ...]) -> RowTypes:
    return RowTypes(mention_type(targets), funding_type(targets), TARGET, explain_type(targets), ledger_type(targets))
