"""Policy in: YAML files read within limits, checked field by field and across fields, into
the typed `Policy` model, with every problem named by file, line and field. Imports only
`text/` and the shared modules at the top (see ARCHITECTURE.md)."""
