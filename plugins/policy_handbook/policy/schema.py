"""JSON Schema for policy files, exported from the pydantic model so it is never written twice.

`python -m policy_handbook schema` rewrites `policies/schema.json`; a test checks it is current.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Policy

# Models that also accept a bare string, which their before-validators turn into the full form.
_STRING_SHORTHAND = ("Block", "ListItem")


def _allow_shorthand(node: Any) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if len(node) == 1 and ref.rsplit("/", 1)[-1] in _STRING_SHORTHAND:
            return {"anyOf": [{"type": "string"}, node]}
        return {key: _allow_shorthand(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_allow_shorthand(item) for item in node]
    return node


def policy_json_schema() -> dict[str, Any]:
    schema = Policy.model_json_schema(by_alias=True, mode="validation")
    schema = _allow_shorthand(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Social media policy"
    schema["description"] = (
        "One organisation's social media policy for the policy handbook. "
        "See README.md, 'How a policy file is structured'."
    )
    return schema


def policy_json_schema_text() -> str:
    return json.dumps(policy_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`python -m policy_handbook.schema [OUT]`: write the schema (default policies/schema.json)."""
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "policies/schema.json")
    out.write_text(policy_json_schema_text(), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
