"""What records.yaml says (rules/records.yaml and rules/<language>/records.yaml),
compiled once per language: the words that make an amount a commitment, where a clause
ends, how programme, body, period and source are found, and what makes a target."""
from __future__ import annotations

import re


def phrase_rx(phrases, whole_words: bool = True) -> re.Pattern | None:
    """Any of ``phrases`` as a whole word or phrase (case-insensitive), or anywhere in a
    word where the language glues endings to its stems (투입한다, 정부투자); None if there
    are none."""
    phrases = [p for p in phrases if p]
    if not phrases:
        return None
    ordered = sorted(phrases, key=len, reverse=True)
    if not whole_words:
        return re.compile("(?:" + "|".join(re.escape(p) for p in ordered) + ")", re.IGNORECASE)
    # whole words where the phrase begins or ends with a word character; a sign (",", ":")
    # may touch the word before it
    def bounded(p: str) -> str:
        left = r"(?<![\w-])" if re.match(r"\w", p) else ""
        right = r"(?![\w-])" if re.search(r"\w$", p) else ""
        return left + re.escape(p) + right
    return re.compile("(?:" + "|".join(bounded(p) for p in ordered) + ")", re.IGNORECASE)


class RecordRules:
    def __init__(self, rules):
        cfg = rules.records
        targets = rules.tables.get("conversion", {}).get("targets", ["KRW", "USD", "EUR"])
        self.targets = [t.lower() for t in targets]
        self.default_country = rules.tables.get("default_country", "KR")
        fund = cfg.get("funding", {})
        # Korean cue words are stems: 투입 in 투입한다 (records.yaml: cues_in_words)
        whole = not cfg.get("cues_in_words", False)
        self.cues = phrase_rx(fund.get("cues", []), whole)
        self.not_cues = phrase_rx(fund.get("not_cues", []), whole)
        after = sorted(fund.get("not_cues_after", []), key=len, reverse=True)
        self.not_cues_after = re.compile(r"[\s)]*(?:\S{0,3}\s+)?(?:" + "|".join(map(re.escape, after)) + ")") \
            if after else None
        # The baseline of a change: words right before the amount ("up from"; no "to"
        # between them and it) or right after it (대비, 보다).
        before = "|".join(re.escape(w) for w in sorted(fund.get("baseline_before", []), key=len, reverse=True))
        self.baseline_before = re.compile(rf"(?<![\w-])({before})(?![\w-])", re.IGNORECASE) if before else None
        after = "|".join(re.escape(w) for w in sorted(fund.get("baseline_after", []), key=len, reverse=True))
        self.baseline_after = re.compile(rf"[\s)]*({after})") if after else None
        # Words that carry a list on from a committed amount to the next ("following", ",").
        links = fund.get("list_links", [])
        self.list_links = phrase_rx(links, whole) if links else None
        # Investment by another country into this one (FDI) is no commitment: "Chinese
        # investment", "China's investment", "중국의 연간 투자액" (records.yaml: inward_investment).
        self.inward = self._inward(rules, fund.get("inward_investment") or {})
        self.window_before = int(fund.get("window_before", 15))
        self.window_after = int(fund.get("window_after", 8))
        self.table_headers = {h.lower() for h in fund.get("table_headers", [])}
        self.year_headers = {h.lower() for h in fund.get("year_headers", [])}
        self.body_headers = {h.lower() for h in fund.get("body_headers", [])}
        trailers = "|".join(re.escape(t) for t in fund.get("title_trailers", []))
        self.title_trailer = re.compile(rf"\s*(?:{trailers})?\s*:?\s*$" if trailers else r"\s*:?\s*$")
        self.clause_breaks = list(cfg.get("clause_breaks", [";"]))
        prog = cfg.get("programme", {})
        self.object_preps = set(prog.get("object_prepositions", []))
        # A language that puts what is funded before the amount, marked by a particle:
        # 로봇 기술개발 사업에 523억원을 투자 (object_particles: [에]).
        self.object_particles = sorted(prog.get("object_particles", []), key=len, reverse=True)
        self.object_skip = {w for w in prog.get("object_skip", [])}
        self.object_word_stops = tuple(prog.get("object_word_endings", []))
        self.to_after = set(prog.get("to_after", []))
        self.max_object_words = int(prog.get("max_object_words", 12))
        self.object_stops = phrase_rx(prog.get("object_stops", []))
        self.generic_objects = {g.lower() for g in prog.get("generic_objects", [])}
        # What an amount funds (linking/objects.py): purposes, two-word prepositions, budget
        # words and what links them to their object, list words, relative clauses.
        self.purpose_verbs = {w.lower() for w in prog.get("purpose_verbs", [])}
        self.purpose_markers = phrase_rx(prog.get("purpose_markers", []), whole)
        self.amount_links = set(prog.get("amount_links", []))
        self.purpose_lead = {w.lower() for w in prog.get("purpose_lead", [])}
        self.purpose_stops = phrase_rx(prog.get("purpose_stops", []), whole)
        self.name_joiners = {w.lower() for w in prog.get("name_joiners", [])}
        self.two_word_preps = {tuple(p.lower().split()) for p in prog.get("two_word_prepositions", [])
                               if len(p.split()) == 2}
        self.phrase_stops = {w.lower() for w in prog.get("phrase_stops", [])}
        self.budget_nouns = {w.lower() for w in prog.get("budget_nouns", [])}
        self.name_heads = {w.lower() for w in prog.get("name_heads", [])}
        self.budget_rx = phrase_rx(prog.get("budget_nouns", []), whole)
        links = sorted(prog.get("budget_links", []), key=len, reverse=True)
        self.budget_links = re.compile(rf"\s+(?:{'|'.join(map(re.escape, links))})\s+", re.IGNORECASE) if links else None
        self.list_boundaries = phrase_rx(prog.get("list_boundaries", []), whole)
        self.item_links = phrase_rx(prog.get("item_links", []), whole)
        self.item_leads = {w.lower() for w in prog.get("item_leads", [])}
        leads = prog.get("relative_leads", [])
        self.relative_leads = re.compile(rf",\s*(?:{'|'.join(map(re.escape, leads))})\b", re.IGNORECASE) if leads else None
        verbs = prog.get("verb_prepositions", [])
        self.verb_preps = phrase_rx(verbs, whole)
        determiners = prog.get("leading_determiners", [])
        self.leading_determiners = re.compile(
            rf"^(?:{'|'.join(map(re.escape, determiners))})\s+", re.IGNORECASE) if determiners else None
        body = cfg.get("body", {})
        self.government = [(canonical, phrase_rx(phrases, whole))
                           for canonical, phrases in (body.get("government_phrases") or {}).items()]
        self.private_bodies = phrase_rx(body.get("private_phrases", []), whole)
        subject = body.get("subject") or {}
        self.subject_word = re.compile(subject["word"]) if subject.get("word") else None
        self.subject_name = re.compile(subject["name"]) if subject.get("name") else None
        src = cfg.get("source", {})
        self.private_rx = phrase_rx(src.get("private", []), whole)
        self.public_rx = phrase_rx(src.get("public", []), whole)
        self.bands = [(name, float(low)) for name, low in (cfg.get("stip_bands") or {}).items()]
        target = cfg.get("target", {})
        self.target_cues = phrase_rx(target.get("cues", []), whole)
        self.max_metric_words = int(target.get("max_metric_words", 5))
        self.metric_stops = {w.lower() for w in target.get("metric_stops", [])}
        self.metric_not_first = {w.lower() for w in target.get("metric_not_first", [])}
        self.percent = phrase_rx(target.get("percent_words", []))
        magnitudes = rules.tables.get("magnitudes", {})
        self.count_scales = {w.lower(): 10.0 ** magnitudes[w] for w in target.get("count_scales", []) if w in magnitudes}
        # Korean counts: the metric comes before the number, and a counter word is glued to
        # it with its unit (수소 버스 3만대, 충전소 70곳): count_units, counters, metric_before.
        self.count_scales.update({w: float(v) for w, v in (target.get("count_units") or {}).items()})
        self.counters = sorted(target.get("counters", []), key=len, reverse=True)
        self.metric_before = bool(target.get("metric_before", False))
        scales = "|".join(re.escape(w) for w in sorted(self.count_scales, key=len, reverse=True))
        if self.counters:
            counters = "|".join(map(re.escape, self.counters))
            self.count = re.compile(rf"(?<![\w.,])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*({scales})?\s*({counters})")
        else:
            self.count = re.compile(r"(?<![\w.,])(\d{1,3}(?:[ ,]\d{3})+|\d+(?:\.\d+)?)(?!\w)"
                                    + (rf"(?:\s+({scales}))?" if scales else "()"))
        self.unit_of = re.compile(target["unit_of"]) if target.get("unit_of") else None
        self.state_words = phrase_rx(target.get("state_words", []))
        verbs = target.get("count_verbs", [])
        stems = "|".join(re.escape(v) + r"\w*" for v in verbs)
        self.count_verbs = re.compile(rf"\b(?:{stems})\b", re.IGNORECASE) if verbs else None
        self.total_words = phrase_rx(target.get("total_words", []))
        before = target.get("baseline_before", [])
        percent = "|".join(re.escape(p) for p in sorted(target.get("percent_words", []), key=len, reverse=True))
        leads = "|".join(re.escape(b) + " " for b in sorted(before, key=len, reverse=True))
        self.baseline = re.compile(rf"\s*(?:{leads})(\d+(?:\.\d+)?)\s*(?:{percent})") if before and percent else None

    def _inward(self, rules, spec: dict) -> re.Pattern | None:
        words = spec.get("words", [])
        countries = [n for code, names in (rules.tables.get("countries") or {}).items()
                     if code != self.default_country for n in names if len(n) > 1]
        if not words or not countries:
            return None
        names = "|".join(re.escape(n) for n in sorted(countries, key=len, reverse=True))
        joins = "|".join(re.escape(j) for j in spec.get("possessives", []))
        between = int(spec.get("words_between", 2))
        nouns = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<!\w)(?:{names})(?:{joins})?\s*(?:\S+\s+){{0,{between}}}?(?:{nouns})", re.IGNORECASE)
