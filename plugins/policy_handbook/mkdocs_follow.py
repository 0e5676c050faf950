"""MkDocs adapter for follow lists: "Who we follow" pages, their CSV files and a comparison.

The pages and CSV come from `follow_pages`; this only hands them to MkDocs.
"""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import follow_pages
from .loader import LoadedPolicy, LoadedSite
from .mkdocs_policies import PoliciesPlugin


class FollowConfig(Config):
    """No options: everything comes from the policy files."""


class FollowPlugin(BasePlugin[FollowConfig]):
    site: LoadedSite
    policies: PoliciesPlugin

    # Called by handbook/policies while it builds the nav.
    def organisation_pages(self, loaded: LoadedPolicy) -> list[tuple[str, str]]:
        return [("Who we follow", f"{loaded.slug}/follow.md")] if loaded.policy.follow else []

    def site_pages(self) -> list[tuple[str, str]]:
        return [("Who each organisation follows", "follow.md")]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.policies = PoliciesPlugin.find(config, "handbook/follow")
        self.site = self.policies.site
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        policies = [loaded.policy for loaded in self.site.policies]
        files.append(File.generated(config, "follow.md", content=follow_pages.site_page(policies)))
        for loaded in self.site.policies:
            if not loaded.policy.follow:
                continue
            content = follow_pages.organisation_page(loaded.policy)
            uri = f"{loaded.slug}/follow.md"
            files.append(self.policies.organisation_page(config, loaded, uri, content))
            csv = File.generated(
                config, f"{loaded.slug}/follow.csv", content=follow_pages.csv_bytes(loaded.policy)
            )
            files.append(csv)
        return files
