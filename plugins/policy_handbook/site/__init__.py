"""The site: the Jinja environment and templates, one module per page kind, the search page,
and `files.py`, which makes every generated file of a build. Page modules never import each
other (see ARCHITECTURE.md)."""
