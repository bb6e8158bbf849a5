"""ktech: sourced, normalised datasets from texts on technology and industrial policy."""

__version__ = "0.1.0"

