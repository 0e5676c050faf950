"""The handbook's one MkDocs plugin: a thin adapter over the core `Handbook` (see plugin.py)."""
