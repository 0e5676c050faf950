"""MkDocs adapter for canned replies: per-organisation and site-wide pages, plain-text snippets.

The pages and texts come from `reply_pages`; this only hands them to MkDocs. Snippets are also
written to a temporary folder added to `pymdownx.snippets`' base_path for the build, so a
hand-written page can include `--8<-- "replies/<org>/<reply>.txt"`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import reply_pages
from .loader import LoadedPolicy, LoadedSite
from .mkdocs_policies import PoliciesPlugin

SNIPPETS = "pymdownx.snippets"


class RepliesConfig(Config):
    """No options: everything comes from the policy files."""


class RepliesPlugin(BasePlugin[RepliesConfig]):
    site: LoadedSite
    policies: PoliciesPlugin
    snippet_dir: Path | None = None

    # Called by handbook/policies while it builds the nav.
    def organisation_pages(self, loaded: LoadedPolicy) -> list[tuple[str, str]]:
        return [("Canned replies", f"{loaded.slug}/replies.md")] if loaded.policy.replies else []

    def site_pages(self) -> list[tuple[str, str]]:
        return [("Canned replies by situation", "replies.md")]

    # Take the loaded policies; make the snippets includable while pages are converted.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.policies = PoliciesPlugin.find(config, "handbook/replies")
        self.site = self.policies.site
        self._remove_snippet_dir()
        if SNIPPETS in config.markdown_extensions:
            self.snippet_dir = Path(tempfile.mkdtemp(prefix="handbook-replies-"))
            reply_pages.write_snippets(self.snippet_dir, (p.policy for p in self.site.policies))
            options = config.mdx_configs.setdefault(SNIPPETS, {})
            base = options.get("base_path", ["."])
            base = [base] if isinstance(base, str) else list(base)
            options["base_path"] = [*base, str(self.snippet_dir)]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        policies = [loaded.policy for loaded in self.site.policies]
        files.append(File.generated(config, "replies.md", content=reply_pages.site_page(policies)))
        for loaded in self.site.policies:
            if not loaded.policy.replies:
                continue
            content = reply_pages.organisation_page(loaded.policy)
            uri = f"{loaded.slug}/replies.md"
            files.append(self.policies.organisation_page(config, loaded, uri, content))
            for uri, data in reply_pages.snippets(loaded.policy).items():
                files.append(File.generated(config, uri, content=data))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._remove_snippet_dir()

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_snippet_dir()

    def _remove_snippet_dir(self) -> None:
        if self.snippet_dir is not None:
            shutil.rmtree(self.snippet_dir, ignore_errors=True)
            self.snippet_dir = None
