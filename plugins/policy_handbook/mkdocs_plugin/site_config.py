"""What the plugin adds to any site's config so its pages work there as they do in ours.

The way mkdocs-material's own plugins do it: the handbook's styles and scripts are listed in
`extra_css` / `extra_javascript` (once, whatever the site already lists), its theme templates
go after the site's `custom_dir` (so the site's own overrides still win) and before the
theme's, and the Markdown extensions its pages are written for are turned on if missing.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from ..site import assets


def add_to(config: MkDocsConfig) -> None:
    _add_once(config.extra_css, assets.STYLESHEETS.values())
    _add_once(config.extra_javascript, assets.SCRIPTS.values())
    theme = str(assets.THEME)
    dirs = config.theme.dirs
    if theme not in dirs:
        # theme.dirs starts with custom_dir when the site has one.
        dirs.insert(1 if config.theme.custom_dir else 0, theme)
    for name in assets.MARKDOWN_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


def _add_once(listed: list, uris) -> None:
    # extra_javascript holds strings or ExtraScriptValue (`- path: …` with `defer:` etc.).
    present = {str(getattr(item, "path", item)) for item in listed}
    listed.extend(uri for uri in uris if uri not in present)
