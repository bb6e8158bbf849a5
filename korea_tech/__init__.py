"""ktech: sourced, normalised datasets from texts on technology and industrial policy.

    from korea_tech import extract, records
    extract("MOTIE will invest KRW 1.5 trillion by 2030.", date="2024-05-08")
"""

__version__ = "0.1.0"
__all__ = ["extract", "records", "Row", "__version__"]


def __getattr__(name):
    # The API loads spaCy; importing the package (as `ktech --help` does) should not.
    if name in ("extract", "records"):
        from . import api

        return getattr(api, name)
    if name == "Row":
        from .rows import Row

        return Row
    raise AttributeError(f"module 'korea_tech' has no attribute {name!r}")
