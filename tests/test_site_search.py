"""Search in staff's words: the synonyms file, the search page and the Pagefind index.

What a search finds and in which order is checked in a real browser (browser/test_search.py);
here: the files the build writes, what the index holds, and that it is the same every build.
"""

from __future__ import annotations

import json
import re
import shutil
import sys

import pytest
from calendar_support import make_policy
from conftest import ROOT, run_build
from policy_handbook.site import search as site_search
from search_support import fragments, sections


def test_every_synonym_group_is_lower_case_and_each_term_in_one_group():
    groups = site_search.synonym_groups()
    terms = [term for group in groups for term in group]
    assert len(terms) == len(set(terms))
    assert all(term == term.lower() and term.strip() == term for term in terms)
    assert ("dm", "direct message") == groups[0][:2]
    for pair in (("x", "twitter"), ("complaint", "negative comment"), ("bio", "profile")):
        assert any(set(pair) <= set(group) for group in groups), pair


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groups:\n  - [dm, DM]\n", "'DM' must be lower case"),
        ("groups:\n  - [dm, pm]\n  - [inbox, dm]\n", "'dm' is already in group 1"),
        ("groups:\n  - [lonely]\n", "group 1: needs a list of at least two"),
        ("words: []\n", "expected `groups:`"),
    ],
)
def test_a_wrong_synonyms_file_says_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "synonyms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(site_search.SearchError, match=re.escape(message)):
        site_search.synonym_groups(path)


def test_the_synonyms_json_cannot_end_its_script_element(monkeypatch):
    monkeypatch.setattr(site_search, "synonym_groups", lambda: (("</script>", "a & b"),))
    text = site_search.synonyms_json()
    assert "<" not in text and "&" not in text
    assert json.loads(text) == [["</script>", "a & b"]]


def test_the_organisation_marker_escapes_the_name():
    policy = make_policy("evil", short_name='Evil "<b>" & co')
    marker = site_search.organisation_marker(policy)
    assert marker == (
        '<p hidden data-pagefind-ignore data-pagefind-meta="organisation">'
        "Evil &#34;&lt;b&gt;&#34; &amp; co</p>\n"
    )


def test_pagefind_runs_with_fixed_options(tmp_path):
    command = site_search.index_command(tmp_path)
    assert command[1:3] == ["--site", str(tmp_path)]
    assert "--root-selector" in command and site_search.ROOT_SELECTOR in command
    assert command[command.index("--glob") + 1] == "**/index.html"
    assert "--keep-index-url" in site_search.index_command(tmp_path, use_directory_urls=False)


def test_the_build_writes_the_search_page_its_script_and_the_index(seed_build):
    site = seed_build.site
    page = seed_build.page("search/index.html")
    assert 'role="search"' in page and 'role="status"' in page
    assert '<script type="module" src="search.js"></script>' in page
    groups = json.loads(re.search(r'id="handbook-synonyms">(.*?)</script>', page).group(1))
    assert groups == [list(group) for group in site_search.synonym_groups()]
    for name in ("search.js", "ranking.js"):
        assert (site / "search" / name).read_bytes() == (site_search.STATIC / name).read_bytes()
    assert (site / "pagefind" / "pagefind.js").is_file()
    # Material's own search is gone: no lunr index, no search dialog.
    assert not (site / "search" / "search_index.json").exists()
    assert 'data-md-component="search"' not in seed_build.page("index.html")


def test_every_page_but_the_404_is_indexed_with_its_organisation(seed_build):
    indexed = {f["url"]: f["meta"] for f in fragments(seed_build.site)}
    pages = {
        "/" + p.relative_to(seed_build.site).as_posix().removesuffix("index.html")
        for p in seed_build.site.rglob("*.html")
        if p.name != "404.html"
    }
    assert set(indexed) == pages
    assert indexed["/bwdpip/"]["organisation"] == "BwDPiP"
    assert indexed["/sendiass-wokingham/replies/"]["organisation"] == "SENDIASS"
    assert "organisation" not in indexed["/replies/"]
    # Titles come from the page's h1, without the heading's ¶ link.
    assert indexed["/bwdpip/"]["title"] == "BwDPiP: Social Media Policy"


def test_the_index_holds_the_article_not_the_header_buttons_or_changing_tables(seed_build):
    docs = {d["location"]: d["text"] for d in sections(seed_build.site)}
    every = " ".join(docs.values())
    assert "Skip to content" not in every and "¶" not in every
    assert "Copy" not in docs["sendiass-wokingham/replies/#case-advice-dm"].split()
    assert "troll" in docs["sendiass-wokingham/#negative-comments"]


def test_a_sections_keywords_are_searchable_but_not_shown(seed_build):
    page = seed_build.page("bwdpip/index.html")
    assert '<p hidden data-pagefind-weight="3">spam; selling; hacking</p>' in page
    docs = {d["location"]: d["text"] for d in sections(seed_build.site)}
    assert "spam; selling; hacking" in docs["bwdpip/#unacceptable-behaviour"]


def test_search_can_be_switched_off(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("search: true", "search: false")
    config.write_text(text, encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    assert not (build.site / "pagefind").exists() and not (build.site / "search").exists()
    assert "handbook-header-search" not in build.page("index.html")


def test_the_index_is_the_same_bytes_every_time(seed_build, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(seed_build.site, site)
    before = {
        p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()
    }
    stats = site_search.index_site(site)
    after = {
        p.relative_to(site): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()
    }
    assert after == before
    assert stats.pages == len(fragments(site)) and stats.bytes > 0


def test_the_search_index_benchmark_runs():
    sys.path.insert(0, str(ROOT / "bench"))
    import searchbench

    entry = searchbench.measure(2, browser=False)
    assert entry["pages"] > 10 and 0 < entry["bytes_per_page"] < 20_000


def test_words_of_neighbouring_blocks_stay_apart():
    html = (
        "<table><tr><th>Type</th><th>Recommended</th></tr></table><dl><dt>Send it as</dt>"
        "<dd>Direct message</dd></dl><p>instead.</p><p>Send</p>a<br>b<pre><b>x</b></pre>"
    )
    assert site_search.spaced(html) == (
        "<table><tr><th>Type</th>\n<th>Recommended</th>\n</tr>\n</table>\n"
        "<dl><dt>Send it as</dt>\n<dd>Direct message</dd>\n</dl>\n"
        "<p>instead.</p>\n<p>Send</p>\na<br>\nb<pre><b>x</b></pre>"
    )


def test_the_index_keeps_cells_labels_and_blocks_apart(seed_build):
    docs = {d["location"]: d["text"] for d in sections(seed_build.site)}
    table = docs["bwdpip/#minimum-posting-guidelines"]
    assert "Social Media Type Recommended minimum Frequency Recommended Optimal" in table
    reply = docs["sendiass-wokingham/replies/#case-advice-dm"]
    assert "instead. Send it as Direct message Channels Facebook" in reply
    every = " ".join(docs.values())
    # A word ending one element and the next element's first word never meet.
    joined = re.findall(r"[a-z]{2}[.:)]?(?:Send|Channels|Recommended|Phone|Email|With)\b", every)
    assert not joined, joined
