"""The policies shaped like real ones (tests/fixtures/real-shaped/), in Chromium as staff read
them: axe finds nothing on any of their pages at 1280 px and 390 px (Welsh text marked
`lang="cy"` included), each card prints on one A4 side, and Copy in Welsh copies the Welsh.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, copy_project, run_build

from .conftest import served
from .test_axe import axe_failures
from .test_copy import assert_clipboard, reset_clipboard
from .test_print import pdf_pages

REAL_SHAPED = sorted((FIXTURES / "real-shaped").glob("*.yaml"))
SLUGS = [path.stem for path in REAL_SHAPED]


@pytest.fixture(scope="module")
def real_site(tmp_path_factory, browser):
    project = copy_project(tmp_path_factory.mktemp("real-shaped-browser"))
    for path in REAL_SHAPED:
        shutil.copy(path, project / "policies")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    with served(build.site) as base:
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
        try:
            yield build.site, context
        finally:
            context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_nothing_on_any_real_shaped_page(real_site, width):
    site, context = real_site
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    uris = sorted(
        p.relative_to(site).as_posix() for slug in SLUGS for p in (site / slug).rglob("*.html")
    )
    assert len(uris) >= 3 * len(SLUGS)
    failures = axe_failures(page, uris)
    page.close()
    assert not failures, failures


def test_welsh_is_marked_where_axe_reads_it(real_site):
    """axe checks that each lang value is a real language (valid-lang): it has some to check."""
    _, context = real_site
    page = context.new_page()
    for uri in ("wales-coop/", "wales-coop/replies/", "wales-coop/card/"):
        page.goto(uri, wait_until="load")
        welsh = page.locator('[lang="cy"]')
        assert welsh.count() >= 1, uri
        assert "Diolch" in " ".join(welsh.all_inner_texts()) or "Egwyddorion" in " ".join(
            welsh.all_inner_texts()
        )
    page.close()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_real_shaped_card_prints_on_one_side(real_site, slug):
    _, context = real_site
    page = context.new_page()
    page.goto(f"{slug}/card/", wait_until="load")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 1
    page.close()


def test_copy_in_welsh_puts_the_welsh_on_the_clipboard(real_site):
    site, context = real_site
    page = context.new_page()
    page.goto("wales-coop/replies/", wait_until="load")
    button = page.get_by_role("button", name="Copy in Welsh: Thank you for your comment")
    snippet = button.get_attribute("data-snippet")
    reset_clipboard(page)
    button.click()
    expected = (site / snippet).read_text(encoding="utf-8")
    assert expected.startswith("Diolch")
    assert_clipboard(page, expected, snippet)
    page.close()
