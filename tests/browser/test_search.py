"""Searching the handbook in Chromium, in staff's words and in the policy's.

Queries are typed into the search box in the page header, as staff would, which opens the
search page (Pagefind's index, ranked by plugins/policy_handbook/static/ranking.js).

Staff's words: plurals, abbreviations, old and new names, synonyms and multi-word questions.
Each must put first a result that lands on the right section of the right organisation
(section ids from policies/*.yaml): the section itself, or one that quotes it (a sentence of
40 characters or more in common: a "What to do when…" step quotes the policy and the reply to
copy) or links straight to it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pytest

# query, what it tries, the sections that answer it ("<page path>#<heading id>")
STAFF_QUERIES = [
    ("trolls", "plural", ["sendiass-wokingham/#negative-comments"]),
    ("unhappy customers", "plurals", ["sendiass-wokingham/#negative-comments"]),
    ("chain letter", "singular", ["bwdpip/#unacceptable-behaviour"]),
    ("accepting friend requests", "word forms", ["sendiass-wokingham/#safeguarding"]),
    (
        "DM",
        "abbreviation",
        ["sendiass-wokingham/#personal-information", "sendiass-wokingham/replies/#case-advice-dm"],
    ),
    ("FB group", "abbreviation", ["bwdpip/#facebook-page-and-closed-group"]),
    (
        "pinned post on X",
        "new name (X for Twitter)",
        ["sendiass-wokingham/#disclaimer", "sendiass-wokingham/replies/#disclaimer"],
    ),
    ("complaint", "synonym", ["sendiass-wokingham/#negative-comments"]),
    ("escalate", "synonym", ["bwdpip/#facebook-issues-and-concerns"]),
    (
        "bio",
        "synonym",
        [
            "sendiass-wokingham/#profile-text",
            "sendiass-wokingham/#profile",
            "sendiass-wokingham/replies/#profile-text",
        ],
    ),
    ("age limit", "synonym", ["sendiass-wokingham/#safeguarding"]),
    ("staff misconduct", "synonyms", ["bwdpip/#unacceptable-behaviour"]),
    ("spam", "a section's keywords", ["bwdpip/#unacceptable-behaviour"]),
    ("unhappy parent complains", "words together", ["sendiass-wokingham/#negative-comments"]),
    (
        "personal information posted",
        "words together",
        ["sendiass-wokingham/#personal-information"],
    ),
    (
        "parent asks for advice in public",
        "words together",
        ["sendiass-wokingham/#personal-information", "sendiass-wokingham/replies/#case-advice-dm"],
    ),
    ("list of accounts to follow", "a short word ('of')", ["sendiass-wokingham/#following"]),
]

# The policy's own words: some result links to the section, whose text holds the phrase.
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

# A section of the page: its heading and what follows up to the next heading of the same or a
# higher level. Its text, and the page path and fragment of every link in it.
SECTION = """id => {
  const heading = document.getElementById(id);
  const level = Number(heading.tagName[1]);
  let text = "";
  const links = [];
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    const m = /^H([1-6])$/.exec(node.tagName);
    if (m && Number(m[1]) <= level) break;
    text += " " + node.textContent;
    const found = node.matches("a[href]") ? [node] : [...node.querySelectorAll("a[href]")];
    for (const a of found) links.push(new URL(a.href).pathname.slice(1) + new URL(a.href).hash);
  }
  return {text: text.replace(/\\s+/g, " "), links};
}"""

RESULT = "a.handbook-search__link"


def search(page, query: str):
    """Type `query` into the header's search box on the home page and press Enter."""
    page.goto("", wait_until="load")
    box = page.locator("#handbook-header-search")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    page.wait_for_function(
        "document.getElementById('handbook-search-status').textContent.length > 0"
    )
    return page.locator(RESULT)


def hrefs(results) -> list[str]:
    return results.evaluate_all("ls => ls.map(l => l.href)")


def landed(page) -> str:
    url = urlsplit(page.url)
    return f"{url.path.lstrip('/')}#{url.fragment}"


def sentences(text: str) -> set[str]:
    return {s.strip() for s in re.split(r"(?<=[.!?:;])\s", text) if len(s.strip()) >= 40}


def quotes(context, text: str, answers: list[str]) -> bool:
    """Whether `text` holds a sentence of one of the answers' sections."""
    other = context.new_page()
    try:
        for answer in answers:
            path, _, fragment = answer.partition("#")
            other.goto(path, wait_until="load")
            if sentences(other.evaluate(SECTION, fragment)["text"]) & sentences(text):
                return True
        return False
    finally:
        other.close()


def assert_first_result_answers(page, context, query: str, label: str, answers: list[str]):
    """The first result for `query` opens one of `answers`, or a section that quotes one of
    them or links straight to it (a "What to do when…" step quotes the policy's rule)."""
    results = search(page, query)
    assert results.count(), f"{query!r} ({label}): no results"
    first = results.first
    shown = first.inner_text()
    first.click()
    page.wait_for_url(lambda url: urlsplit(url).path != "/search/")
    here = landed(page)
    if here in answers:
        return
    fragment = urlsplit(page.url).fragment
    assert fragment, f"{query!r} ({label}): the first result {here} is not a section"
    section = page.evaluate(SECTION, fragment)
    assert set(section["links"]) & set(answers) or quotes(context, section["text"], answers), (
        f"{query!r} ({label}): the first result ({shown!r}, {here}) is not one of {answers}, "
        f"and neither quotes nor links to one; its links: {section['links']}"
    )


@pytest.mark.parametrize(
    ("query", "tries", "answers"), STAFF_QUERIES, ids=[q[0] for q in STAFF_QUERIES]
)
def test_staff_words_land_first_on_the_right_section(
    page, context, base_url, query, tries, answers
):
    assert_first_result_answers(page, context, query, tries, answers)


@pytest.mark.parametrize(("phrase", "slug", "section"), PHRASES, ids=[p[0] for p in PHRASES])
def test_policy_phrase_finds_and_opens_its_section(page, base_url, phrase, slug, section):
    results = search(page, phrase)
    wanted = [
        index
        for index, href in enumerate(hrefs(results))
        if urlsplit(href).path == f"/{slug}/" and urlsplit(href).fragment == section
    ]
    assert wanted, f"no result for {phrase!r} links to /{slug}/#{section}: {hrefs(results)}"
    results.nth(wanted[0]).click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == section)
    assert urlsplit(page.url).path == f"/{slug}/"
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=section,
    )
    text = page.evaluate(SECTION, section)["text"]
    assert re.search(re.escape(phrase), text, re.IGNORECASE), (
        f"section #{section} does not contain {phrase!r}: {text[:300]}"
    )


def test_results_say_which_organisation_and_the_count_is_announced(page, base_url):
    results = search(page, "trolls")
    wheres = page.locator(".handbook-search__where").all_inner_texts()
    assert len(wheres) == results.count() >= 3
    assert all(re.match(r"(SENDIASS|BwDPiP|All organisations) · \S", w) for w in wheres), wheres
    assert any(w.startswith("SENDIASS · ") for w in wheres)
    status = page.get_by_role("status")
    assert re.fullmatch(r"\d+ sections? found for “trolls”\.", status.inner_text()), (
        status.inner_text()
    )
    # Matched words are marked in the excerpt.
    assert "troll" in " ".join(page.locator(".handbook-search__excerpt mark").all_inner_texts())


def test_a_search_that_finds_nothing_is_never_a_dead_end(page, base_url):
    search(page, "xylophone")
    assert page.locator(RESULT).count() == 0
    status = page.get_by_role("status").inner_text()
    assert "xylophone" in status and not status.startswith("No results"), status
    # The situations and each organisation's policy are offered instead, and lead there.
    offered = page.locator("#handbook-search-none")
    assert offered.is_visible()
    names = offered.locator("a").all_inner_texts()
    assert names[0] == "What to do when…"
    assert {"SENDIASS: the policy", "BwDPiP: the policy"} <= set(names), names
    offered.get_by_role("link", name="SENDIASS: What to do when…").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sendiass-wokingham/what-to-do/")
    # A search that finds something does not offer them.
    search(page, "trolls")
    assert not page.locator("#handbook-search-none").is_visible()


@pytest.mark.parametrize(
    ("query", "holding", "answer"),
    [
        ("sarcasm", "sarcastic", "/sendiass-wokingham/#negative-comments"),
        ("discriminate", "discriminatory", "/bwdpip/#unacceptable-behaviour"),
        ("harrasment", "harassment", "/bwdpip/#unacceptable-behaviour"),
        ("MP", "mps", "/sendiass-wokingham/#following"),
    ],
)
def test_a_word_nothing_holds_is_searched_loosely_and_the_results_say_so(
    page, base_url, query, holding, answer
):
    results = search(page, query)
    assert results.count(), f"{query!r}: nothing found"
    first = urlsplit(results.first.get_attribute("href"))
    assert f"{first.path}#{first.fragment}" == answer
    status = page.get_by_role("status").inner_text()
    if query != "MP":  # "MP" is in the index as typed ("MPs" is its plural): nothing to say
        assert f"No section uses “{query.lower()}”" in status and f"“{holding}”" in status, status


def test_search_makes_no_request_off_the_site(page, base_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    search(page, "direct message")
    assert page.locator(RESULT).count()
    assert requested and all(url.startswith(base_url) for url in requested), [
        url for url in requested if not url.startswith(base_url)
    ]
    assert any("/pagefind/" in url for url in requested)


def test_a_search_address_can_be_shared(page, base_url):
    page.goto(f"search/?q={quote('chain letters')}", wait_until="load")
    page.wait_for_selector(RESULT)
    assert page.locator("#handbook-search-query").input_value() == "chain letters"
    # Typing updates the results and the address.
    box = page.locator("#handbook-search-query")
    box.fill("Ofsted")
    page.wait_for_url(re.compile(r"q=Ofsted"))
    page.wait_for_function(
        "document.getElementById('handbook-search-status').textContent.includes('Ofsted')"
    )
    assert any(urlsplit(h).fragment == "following" for h in hrefs(page.locator(RESULT)))


def test_the_search_covers_every_organisation_and_kind_of_word():
    slugs = {answer.split("/")[0] for _, _, answers in STAFF_QUERIES for answer in answers}
    assert slugs == {"sendiass-wokingham", "bwdpip"}
    tries = " ".join(t for _, t, _ in STAFF_QUERIES)
    for kind in ("plural", "abbreviation", "synonym", "together", "keyword"):
        assert kind in tries
