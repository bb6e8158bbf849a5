"""Korean: spaCy's rule-based tokenizer (the multi-language blank pipeline) with the affixes
of rules/ko/tokenizer.yaml, which split particles (은/는/이/가/에서/까지 ...) off the words and
units (년, 월, 일, 억, 조, 원) off the numbers. Chosen over spaCy's Korean language (it needs
mecab-ko, a system package) and kiwipiepy (a morphological analyser) by measurement: see
the README ("Korean") and benchmarks/korean_tokenizers.py.
"""
from __future__ import annotations

from .base import Language


class Korean(Language):
    code = "ko"
    name = "Korean"
    spacy_code = "xx"
