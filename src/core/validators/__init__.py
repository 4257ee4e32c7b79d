"""Validators for national identifiers, shared by every module (one implementation each)."""
