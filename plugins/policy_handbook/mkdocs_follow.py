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
from .mkdocs_replies import policies_plugin


class FollowConfig(Config):
    """No options: everything comes from the policy files."""


class FollowPlugin(BasePlugin[FollowConfig]):
    site: LoadedSite
    policies_dir: str

    # Called by handbook/policies while it builds the nav.
    def organisation_pages(self, loaded: LoadedPolicy) -> list[tuple[str, str]]:
        return [("Who we follow", f"{loaded.slug}/follow.md")] if loaded.policy.follow else []

    def site_pages(self) -> list[tuple[str, str]]:
        return [("Who each organisation follows", "follow.md")]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        policies = policies_plugin(config, "handbook/follow")
        self.site, self.policies_dir = policies.site, policies.config.policies_dir
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        policies = [loaded.policy for loaded in self.site.policies]
        files.append(File.generated(config, "follow.md", content=follow_pages.site_page(policies)))
        for loaded in self.site.policies:
            if not loaded.policy.follow:
                continue
            page = File.generated(
                config,
                f"{loaded.slug}/follow.md",
                content=follow_pages.organisation_page(loaded.policy),
            )
            page.edit_uri = f"{self.policies_dir}/{loaded.path.name}"
            files.append(page)
            csv = File.generated(
                config, f"{loaded.slug}/follow.csv", content=follow_pages.csv_bytes(loaded.policy)
            )
            files.append(csv)
        return files
