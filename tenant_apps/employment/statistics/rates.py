"""The one percentage helper of the employment figures (rates on pages, in exports and the API)."""

from __future__ import annotations


def percentage(part: int, whole: int, *, digits: int = 2) -> float:
    """`part` as a percentage of `whole`, rounded to `digits` places; 0.0 when `whole` is 0."""
    return round(100 * part / whole, digits) if whole else 0.0
