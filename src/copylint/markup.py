"""Compatibility names: the readers live in `copylint.readers` (one module per kind of draft)."""
from __future__ import annotations

from .readers import FRONT_MATTER_KEYS, Block, extract

__all__ = ["FRONT_MATTER_KEYS", "Block", "extract"]
