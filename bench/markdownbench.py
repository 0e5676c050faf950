"""Policy Markdown on the worst text the loader allows: render time against length.

    .venv/bin/python bench/markdownbench.py            # prints a Markdown table (BENCHMARKS.md)

For each shape, the text is the longest the limits in text_limits.py let through at that
length (brackets at the budget, lists and quotes at the deepest nesting), and what is refused
is shown as such. Each figure is the best of three renders through safe.markdown_block.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from policy_handbook.policy.text_limits import BRACKET_WORK, MAX_NESTING, markup_problem  # noqa: E402
from policy_handbook.text import safe  # noqa: E402

SIZES = (1_000, 10_000, 100_000)


def brackets(unit: str, length: int) -> str:
    count = BRACKET_WORK // length // unit.count("[")
    return (unit * count)[:length].ljust(length, "a")


SHAPES = {
    "ordinary prose": lambda n: ("Please email us at hello@example.org for advice. " * n)[:n],
    "[ at the budget": lambda n: brackets("[", n),
    "[a]( at the budget": lambda n: brackets("[a](", n),
    "[[] at the budget": lambda n: brackets("[[]", n),
    "lists 8 deep, every line": lambda n: ("- " * MAX_NESTING + "x\n") * (n // 18),
    "quotes 8 deep, every line": lambda n: ("> " * MAX_NESTING + "x\n") * (n // 18),
    "indented lists 8 deep": lambda n: (
        "".join("    " * level + "- a\n" for level in range(MAX_NESTING)) * (n // 150)
    ),
    "*a run": lambda n: ("*a" * n)[:n],
    "`a run": lambda n: ("`a" * n)[:n],
}


def best_of_three(text: str) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        safe.markdown_block(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    print("| text | " + " | ".join(f"{n:,} chars" for n in SIZES) + " |")
    print("|---|" + "---|" * len(SIZES))
    for name, make in SHAPES.items():
        cells = []
        for size in SIZES:
            text = make(size)
            problem = markup_problem(text)
            cells.append("refused" if problem else f"{best_of_three(text) * 1000:,.0f} ms")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
