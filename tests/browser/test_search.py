"""Typing a policy phrase into Material's search finds the rule and opens its section.

Each phrase must show a result that links to its organisation's page at the section (the
heading id is the section `id` in policies/<slug>.yaml), and following that result must land on
that heading with the phrase in the section's own text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

# phrase, organisation slug, section id (from policies/*.yaml)
PHRASES = [
    ("troll", "sendiass-wokingham", "negative-comments"),
    ("Ofsted", "sendiass-wokingham", "following"),
    ("minimum age", "sendiass-wokingham", "safeguarding"),
    ("impartial", "sendiass-wokingham", "impartiality"),
    ("confidential service", "sendiass-wokingham", "personal-information"),
    ("chain letters", "bwdpip", "unacceptable-behaviour"),
    ("At Least 10 posts", "bwdpip", "facebook-issues-and-concerns"),
    ("Information Officer", "bwdpip", "information-email"),
    ("closed Facebook group", "bwdpip", "facebook-page-and-closed-group"),
]

# The text of a section: its heading's following siblings up to the next heading of the same
# or a higher level.
SECTION_TEXT = """id => {
  const heading = document.getElementById(id);
  const level = Number(heading.tagName[1]);
  let text = "";
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    const m = /^H([1-6])$/.exec(node.tagName);
    if (m && Number(m[1]) <= level) break;
    text += " " + node.textContent;
  }
  return text.replace(/\\s+/g, " ");
}"""


def search(page, phrase: str):
    page.goto("", wait_until="load")
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(phrase, delay=40)
    page.wait_for_selector(".md-search-result__item")
    return page.locator(".md-search-result")


def result_links(results) -> list[str]:
    return results.locator("a.md-search-result__link").evaluate_all("ls => ls.map(l => l.href)")


@pytest.mark.parametrize(("phrase", "slug", "section"), PHRASES, ids=[p[0] for p in PHRASES])
def test_phrase_finds_and_opens_the_right_section(page, base_url, phrase, slug, section):
    results = search(page, phrase)
    # Result links carry the search terms for highlighting: /<slug>/?h=troll#negative-comments
    wanted = [
        index
        for index, href in enumerate(result_links(results))
        if urlsplit(href).path == f"/{slug}/" and urlsplit(href).fragment == section
    ]
    assert wanted, (
        f"no result for {phrase!r} links to /{slug}/#{section}; "
        f"results link to {result_links(results)}"
    )
    link = results.locator("a.md-search-result__link").nth(wanted[0])
    # Material folds a page's further matches into "N more on this page".
    if not link.is_visible():
        link.locator("xpath=ancestor::details[1]/summary").click()
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == section)
    landed = urlsplit(page.url)
    assert (landed.path, landed.fragment) == (f"/{slug}/", section)
    heading = page.locator(f"#{section}")
    assert heading.evaluate("h => /^H[1-6]$/.test(h.tagName)")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=section,
    )
    text = page.evaluate(SECTION_TEXT, section)
    assert re.search(re.escape(phrase), text, re.IGNORECASE), (
        f"section #{section} does not contain {phrase!r}: {text[:300]}"
    )


def test_search_covers_every_organisation_at_least_four_times():
    counts: dict[str, int] = {}
    for _, slug, _ in PHRASES:
        counts[slug] = counts.get(slug, 0) + 1
    assert set(counts) == {"sendiass-wokingham", "bwdpip"}
    assert min(counts.values()) >= 4
