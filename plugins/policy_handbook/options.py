"""What a build asks of the handbook: where its inputs are, which features are on, the
calendar's horizon. From the `handbook` plugin's config, or read from mkdocs.yml by `check`.

No MkDocs import here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .pages import FEATURES
from .text.addresses import is_local_address

# Bounds on the posting calendar's horizon: a year back and two years ahead are far more
# than a subscribed calendar needs, and they keep a mistyped number from planning for days.
MAX_WEEKS_BACK = 52
MAX_WEEKS_AHEAD = 104
PLUGIN = "handbook"


@dataclass(frozen=True)
class Options:
    policies_dir: Path
    calendar_dir: Path
    docs_dir: Path | None = None
    features: frozenset[str] = field(default_factory=lambda: frozenset(FEATURES))
    weeks_back: int = 2
    weeks_ahead: int = 13
    site_url: str | None = None
    use_directory_urls: bool = True
    workers: int | None = 1  # processes writing feeds; None: one per CPU
    only: str | None = None  # a focused preview: this organisation's slug (or file name) only
    config_file: str = "mkdocs.yml"
    # The project: mkdocs.yml's folder. A policy or calendar file that is a link leading out of
    # it is refused (None: the folder holding policies/, and the one holding calendar/).
    root: Path | None = None

    @classmethod
    def from_mkdocs_yml(cls, path: Path) -> Options:
        """The options a build of `path` would use, read without MkDocs."""
        root = path.parent
        config = _read_mkdocs_yml(path)
        plugin: dict[str, Any] = {}
        for entry in config.get("plugins") or []:
            if isinstance(entry, dict) and PLUGIN in entry:
                plugin = entry[PLUGIN] or {}
        calendar = plugin.get("calendar") or {}
        features = {name for name in FEATURES if plugin.get(name, True) is not False}
        if calendar.get("enabled", True) is False:
            features.discard("calendar")
        return cls(
            policies_dir=root / plugin.get("policies_dir", "policies"),
            calendar_dir=root / plugin.get("calendar_dir", "calendar"),
            docs_dir=root / config.get("docs_dir", "docs"),
            features=frozenset(features),
            weeks_back=calendar.get("weeks_back", 2),
            weeks_ahead=calendar.get("weeks_ahead", 13),
            site_url=config.get("site_url") or None,
            use_directory_urls=config.get("use_directory_urls", True),
            only=os.environ.get("HANDBOOK_ONLY") or None,
            config_file=os.path.relpath(path),
            root=root,
        )

    def site_url_warning(self) -> str | None:
        """One line for the build's output when subscribe links would point at this computer."""
        if not is_local_address(self.site_url):
            return None
        where = f"site_url is {self.site_url}" if self.site_url else "site_url is not set"
        return (
            f"handbook: {where} — subscribe links work only on this computer; "
            "set SITE_URL to the published address"
        )

    def problems(self) -> list[str]:
        """What is wrong with the options themselves, in the words of mkdocs.yml."""
        found = []
        bounds = (("weeks_back", MAX_WEEKS_BACK), ("weeks_ahead", MAX_WEEKS_AHEAD))
        for name, most in bounds:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
                found.append(
                    f"{self.config_file} plugins.{PLUGIN}.calendar.{name}: must be a whole "
                    f"number of weeks from 0 to {most}, got {value!r}"
                )
        return found


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!ENV` tags as MkDocs does; other Python tags are left empty."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
    if isinstance(node, yaml.ScalarNode):
        names = [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if name in os.environ:
            return os.environ[name]
    return default


_MkDocsYamlLoader.add_constructor("!ENV", _env_tag)
_MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


def _read_mkdocs_yml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_MkDocsYamlLoader)  # noqa: S506 - a safe loader
    return data if isinstance(data, dict) else {}
