"""Candidates -> Mentions: filters, normalisers per label, the overlap policy and the
document-wide passes (see builder.py)."""
from .builder import MentionBuilder
from .model import Decision, Extraction, Mention, Trace

__all__ = ["MentionBuilder", "Decision", "Extraction", "Mention", "Trace"]
