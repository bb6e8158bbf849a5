"""English: spaCy's English tokenizer with the affixes of rules/en/tokenizer.yaml."""
from __future__ import annotations

from .base import Language


class English(Language):
    code = "en"
    name = "English"
