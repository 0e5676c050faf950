"""Reading YAML within limits: the size, depth, number of values and amount of text a file
may hold are checked on libyaml's event stream before any document is built, and only the core
schema's types are constructed. No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import yaml

# Limits no real policy comes near: the seeds are 15-17 KB, nest lists and mappings 8 deep (the
# fixture 10), hold about 500 values and no text over 500 characters. They are checked on
# libyaml's event stream, which does not recurse, before any document is built: building one
# recurses in C, so deep nesting overflows the stack (a segfault, no message), and aliases can
# multiply a 500-byte file into billions of values ("billion laughs"). At these limits the
# largest file still loads in about a third of a second.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 50
MAX_VALUES = 20_000  # counting an alias as every value it repeats
MAX_TEXT = 2_000_000  # characters, likewise; a file within MAX_FILE_BYTES holds at most 1 MiB
MAX_TEXT_LENGTH = 100_000  # characters in one piece of text

# libyaml's parser is about ten times faster than PyYAML's own and gives the same marks.
BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.1 reads unquoted 17:00 as the sexagesimal (base 60) number 1020, and 2024-04-30 as a
# date; both stay text here, so times read as written and the model checks dates and names the
# field. These are SafeLoader's int and float patterns without their base-60 forms.
_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_REPLACED = {"tag:yaml.org,2002:int": _INT, "tag:yaml.org,2002:float": _FLOAT}


class Refused(Exception):
    """Something in the YAML source refused before (or while) building the data."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class PolicyYamlLoader(BaseLoader):
    """SafeLoader that leaves dates and HH:MM times as text, and says where a value it cannot
    construct (a 5,000-digit number, `!!timestamp 2026-13-01`) sits instead of raising."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, Refused):
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            reason = str(exc)
            if node.tag.endswith(":int") and "digits" in reason:
                reason = f"a whole number of {len(node.value):,} digits is too long"
            raise Refused(
                node.start_mark, f"holds a value that cannot be read ({reason})"
            ) from None


PolicyYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _REPLACED.get(tag, regexp))
        for tag, regexp in resolvers
        # `=` (YAML 1.1's "value" key) has no constructor in the safe schema: it stays text.
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def check_limits(text: str) -> None:
    """Raise Refused at the first event that crosses a limit (and YAMLError if the text
    is not YAML), without building the document."""
    try:
        _check_events(yaml.parse(text, Loader=PolicyYamlLoader))
    except yaml.YAMLError:
        if BaseLoader is yaml.SafeLoader:
            raise
        # libyaml has a nesting limit of its own (1,000 in the copy PyYAML 6.0.4 ships), and its
        # scanner reads far ahead of the events, so it can refuse, in its words, a file that
        # passes our limit several hundred levels before it sees the end. PyYAML's own parser
        # has no such limit and does not recurse either: it finds where ours is crossed. Only a
        # file that is refused anyway pays for the second, slower reading.
        try:
            _check_events(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError:
            pass
        raise


def _check_events(events: Iterable[yaml.Event]) -> None:
    depth = values = characters = 0
    opened: list[tuple[str | None, int, int]] = []  # anchor, values and characters before it
    anchors: dict[str, tuple[int, int] | None] = {}  # None: the collection is still open
    for event in events:
        alias = None
        if isinstance(event, yaml.ScalarEvent):
            values += 1
            characters += len(event.value)
            if event.anchor is not None:
                anchors[event.anchor] = (1, len(event.value))
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(
                    event.start_mark,
                    f"nests lists and mappings more than {MAX_DEPTH} levels deep here; a "
                    f"policy needs at most {MAX_DEPTH} (check for an unclosed [ or {{)",
                )
            opened.append((event.anchor, values, characters))
            values += 1
            if event.anchor is not None:
                anchors[event.anchor] = None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, values_before, characters_before = opened.pop()
            if anchor is not None:
                anchors[anchor] = (values - values_before, characters - characters_before)
        elif isinstance(event, yaml.AliasEvent):
            alias = event.anchor
            if alias in anchors:  # an unknown alias: composing the document reports it
                size = anchors[alias]
                if size is None:
                    raise Refused(
                        event.start_mark,
                        f"uses *{alias} inside &{alias} itself; an alias cannot contain "
                        "the list or mapping it stands for",
                    )
                values += size[0]
                characters += size[1]
        elif isinstance(event, yaml.DocumentStartEvent):
            anchors.clear()
        if values > MAX_VALUES:
            raise Refused(
                event.start_mark,
                f"repeats the alias *{alias} so often that the file would hold more than "
                f"{MAX_VALUES:,} values; a whole policy holds about 500, so write the "
                "repeated part out or repeat it less"
                if alias
                else f"holds more than {MAX_VALUES:,} values; a whole policy holds about 500",
            )
        if characters > MAX_TEXT:
            raise Refused(
                event.start_mark,
                f"repeats the alias *{alias} so often that the file would hold more than "
                f"{MAX_TEXT:,} characters of text; a whole policy holds about 15,000",
            )


# The YAML core schema's types (and merge keys, `<<: *defaults`). Anything else, written as a
# tag (`!!binary`, `!!set`, `!!timestamp`, `!local`), is refused before it is constructed: a
# binary value becomes text no character check has seen.
CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
) | {"tag:yaml.org,2002:merge"}


def foreign_tag(root: yaml.Node) -> tuple[yaml.Mark, str] | None:
    """Where and why the first node whose tag is not the core schema's is refused, or None.
    Iterative: the depth is bounded already, but nothing here needs to recurse."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: the same node again
            continue
        seen.add(id(node))
        if node.tag not in CORE_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            return node.start_mark, (
                f"uses the YAML tag {tag}; a policy holds only text, numbers, true/false, "
                "lists and mappings, so remove the tag (put the value in quotes to keep it as "
                "text)"
            )
        if isinstance(node, yaml.MappingNode):
            stack.extend(child for pair in reversed(node.value) for child in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None
