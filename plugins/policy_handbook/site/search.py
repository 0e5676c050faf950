"""Search in staff's words: the search page, its synonyms, and the Pagefind index of the site.

Pagefind (https://pagefind.app, shipped as a binary in the `pagefind-bin` wheel) indexes the
built HTML after the build: it stems words ("trolls" finds "troll"), splits each page into
its headings' sections and writes an index in small chunks that a browser fetches as needed,
so a page's share of the index stays flat as the site grows. `static/search.js` runs the
search page on Pagefind's JavaScript API and widens each query with the groups in
`data/synonyms.yaml` ("DM" also looks for "direct message"); `static/ranking.js` ranks
sections by how many of the query's ideas they hold together.

No MkDocs import here: the plugin calls `files`, `organisation_marker` and `index_site`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from ..pages import GeneratedFile
from ..policy.model import Policy
from ..text import safe
from .templating import render

HERE = Path(__file__).parent
SYNONYMS = HERE.parent / "data" / "synonyms.yaml"
STATIC = HERE / "static"
SCRIPTS = ("search.js", "ranking.js")  # the search page's, and the ranking it imports

# The search page and its scripts share a folder, so the page finds them as "search.js" and
# "ranking.js" whether or not MkDocs uses directory URLs ("index.md" is index.html either way).
PAGE = "search/index.md"
BUNDLE = "pagefind"  # the index's folder in the site

# Pagefind's options, fixed here so every build indexes the same way (the output is then
# byte-identical for identical pages: Pagefind names its files by their content's hash).
ROOT_SELECTOR = "article.md-content__inner"  # the page's text, not the header, nav or footer
EXCLUDE_SELECTORS = (
    ".headerlink",  # the ¶ after each heading
    "[data-search-exclude]",  # tables that change every day (the posting calendar's)
    ".md-content__button",  # edit/view actions
    "button",  # Copy buttons
)
# Each searched word in a group is at least this long: one or two letters ("x", "pm") would
# match every word starting with them. They still count when typed (see static/ranking.js).
MIN_SEARCHED = 3


class SearchError(Exception):
    """The synonyms file is wrong, or Pagefind could not index the site."""


@dataclass(frozen=True)
class StartHere:
    """Where a search that finds nothing sends staff instead: a page's title and address
    (relative to the search page), and the organisation it belongs to, if one."""

    title: str
    url: str
    organisation: str = ""


def page_url(uri: str, use_directory_urls: bool = True) -> str:
    """The address of a page source (`bwdpip/index.md`, `what-to-do.md`) from the search page,
    which is `search/index.html` with directory URLs or without."""
    path = uri.removesuffix(".md")
    if use_directory_urls:
        path = "" if path == "index" else path.removesuffix("/index").removesuffix("index") + "/"
    else:
        path += ".html"
    return "../" + path


@dataclass(frozen=True)
class IndexStats:
    pages: int
    bytes: int  # everything under site/pagefind/ that depends on the pages (index and fragments)


def synonym_groups(path: Path = SYNONYMS) -> tuple[tuple[str, ...], ...]:
    """The groups of equivalent words and phrases, checked: lower case, a word in one group."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SearchError(f"{path}: cannot read the synonyms: {error}") from None
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        raise SearchError(f"{path}: expected `groups:`, a list of lists of words")
    seen: dict[str, int] = {}
    problems = []
    result = []
    for number, group in enumerate(groups, start=1):
        if not isinstance(group, list) or len(group) < 2:
            problems.append(f"group {number}: needs a list of at least two words or phrases")
            continue
        members = []
        for member in group:
            term = " ".join(str(member).split())
            if not term or term != term.lower():
                problems.append(f"group {number}: {member!r} must be lower case and not empty")
            elif term in seen:
                problems.append(f"group {number}: {term!r} is already in group {seen[term]}")
            else:
                seen[term] = number
                members.append(term)
        result.append(tuple(members))
    if problems:
        raise SearchError(f"{path}: " + "; ".join(problems))
    return tuple(result)


def synonyms_json() -> str:
    """The groups as JSON that is safe inside a <script> element."""
    text = json.dumps([list(group) for group in synonym_groups()], ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def files(start_here: tuple[StartHere, ...] = ()) -> list[GeneratedFile]:
    """The search page and its scripts. `start_here` are the pages offered when a search finds
    nothing, even loosely (the situations, each organisation's policy): never a dead end."""
    page = render(
        "search.md.j2",
        synonyms=Markup(synonyms_json()),
        min_searched=MIN_SEARCHED,
        site_wide=[link for link in start_here if not link.organisation],
        organisations=[link for link in start_here if link.organisation],
    )
    scripts = [
        GeneratedFile(f"search/{name}", (STATIC / name).read_text(encoding="utf-8"))
        for name in SCRIPTS
    ]
    return [GeneratedFile(PAGE, page), *scripts]


def organisation_marker(policy: Policy) -> str:
    """Tells Pagefind which organisation a page belongs to, for the results to say.

    Hidden, and ignored as text (the page says the name where it matters); Pagefind still
    reads it as the page's `organisation` metadata.
    """
    name = safe.text(policy.organisation.short_name)
    return f'<p hidden data-pagefind-ignore data-pagefind-meta="organisation">{name}</p>\n'


# The end of a block (a paragraph, a list item, a table cell, a term or its definition…) or a
# line break, straight before the next tag or word. Pagefind joins the text of neighbouring
# elements as it finds it, so "<th>Type</th><th>Recommended" would be indexed, matched and
# quoted as "TypeRecommended".
_BLOCK_END = re.compile(
    r"(</(?:p|li|dt|dd|td|th|tr|thead|tbody|caption|table|ul|ol|dl|div|blockquote|h[1-6]"
    r"|details|summary|figcaption|label)>|<br\s*/?>)(?=[^\s])",
    re.IGNORECASE,
)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.IGNORECASE | re.DOTALL)


def spaced(html: str) -> str:
    """The page's HTML with a line break after each block that a tag or word follows at once,
    so that words of separate cells, labels and blocks stay separate words in the index and
    in the results' excerpts, as a browser shows them. Preformatted text is left as it is."""
    parts = _PRE.split(html)
    return "".join(
        part if index % 2 else _BLOCK_END.sub("\\1\n", part) for index, part in enumerate(parts)
    )


# On a page the handbook did not make (docs/: the accessibility statement…): about the site,
# not the policies, so its sections come after the policies' when both hold the words.
OWN_PAGE_MARKER = '<p hidden data-pagefind-ignore data-pagefind-meta="about">the site</p>\n'


def index_command(
    site_dir: Path, use_directory_urls: bool = True, output: Path | None = None
) -> list[str]:
    """Pagefind's command line; the bundle goes to `output`, or site_dir/pagefind/."""
    try:
        from pagefind_bin import get_executable
    except ImportError:  # pragma: no cover - installed with the project
        raise SearchError(
            "Pagefind is not installed: `pip install 'pagefind[bin]'` (make python-deps does)"
        ) from None
    command = [
        str(get_executable()),
        "--site",
        str(site_dir),
        *(["--output-subdir", BUNDLE] if output is None else ["--output-path", str(output)]),
        # Every page but 404.html: with directory URLs every other page is a folder's index.
        "--glob",
        "**/index.html" if use_directory_urls else "**/*.html",
        "--root-selector",
        ROOT_SELECTOR,
        "--force-language",
        "en",
        "--quiet",
    ]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    if not use_directory_urls:
        command.append("--keep-index-url")
    return command


def index_site(site_dir: Path, use_directory_urls: bool = True) -> IndexStats:
    """Index the built site into site_dir/pagefind/, replacing any earlier index.

    Pagefind reads a copy of the pages with their blocks `spaced`, made in a temporary
    folder: the published pages stay byte for byte as MkDocs wrote them."""
    bundle = site_dir / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    pattern = "**/index.html" if use_directory_urls else "**/*.html"
    with tempfile.TemporaryDirectory(prefix="handbook-index-") as folder:
        copy = Path(folder)
        for page in sorted(site_dir.glob(pattern)):
            if bundle in page.parents:
                continue
            target = copy / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(spaced(page.read_text(encoding="utf-8")), encoding="utf-8")
        result = subprocess.run(
            index_command(copy, use_directory_urls, output=bundle.resolve()),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    if result.returncode != 0:
        raise SearchError(f"Pagefind could not index the site:\n{result.stdout}{result.stderr}")
    return stats(site_dir)


def stats(site_dir: Path) -> IndexStats:
    """Pages indexed and the bytes of index they need (not Pagefind's fixed scripts)."""
    bundle = site_dir / BUNDLE
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language["page_count"] for language in entry["languages"].values())
    size = sum(
        path.stat().st_size
        for folder in ("index", "fragment", "filter")
        if (bundle / folder).is_dir()
        for path in (bundle / folder).iterdir()
    )
    size += sum(path.stat().st_size for path in bundle.glob("*.pf_meta"))
    return IndexStats(pages=pages, bytes=size)
