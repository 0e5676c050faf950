"""The handbook, built by MkDocs from the real policies: what staff read and search."""

from __future__ import annotations

import filecmp
import re
import shutil
import socket
import subprocess
import time
import urllib.request

from conftest import FIXTURES, MKDOCS, SEEDS, build_env, page_text, run_build

SEED_FILES = {
    "sendiass-wokingham": SEEDS / "000_bca711c34124c954.txt",
    "bwdpip": SEEDS / "004_1ea6df9381c893f8.txt",
}
# Page furniture: BwDPiP's letterhead and footer repeat on every PDF page.
FURNITURE = {
    "Contact: 07923 252483",
    "Email: bwdpip1@gmail.com",
    "Follow us on Facebook and Twitter",
    "Blackburn with Darwen Parents In Partnership",
    "Empowering Parent Carers through Information Sharing",
}


def normalise(text: str) -> str:
    # Email addresses are case-insensitive; the seed spells SENDIASS's both ways.
    text = re.sub(r"[\w.]+@[\w.]+", lambda m: m.group(0).lower(), text)
    return re.sub(r"\s+", " ", text).strip()


def seed_statements(slug: str) -> list[str]:
    """Every sentence, list item, heading and table cell of a seed, page breaks rejoined."""
    raw = SEED_FILES[slug].read_text(encoding="utf-8")
    lines = [line.strip() for line in raw.splitlines()]
    kept = [line for line in lines if line and line not in FURNITURE]
    pieces: list[str] = []
    for line in kept:
        line = re.sub(r"^-\s+", "", line).replace("*", "")
        if pieces and pieces[-1] and pieces[-1][-1].isalpha() and line[:1].islower():
            pieces[-1] += " " + line  # text split by a PDF page break
            continue
        pieces.append(line)
    statements: list[str] = []
    for piece in pieces:
        for cell in piece.split("\t"):
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z])", cell):
                sentence = sentence.strip().rstrip(":").strip()
                if sentence:
                    statements.append(normalise(sentence))
    return statements


def test_the_seed_statement_splitter_sees_the_whole_policy():
    sendiass, bwdpip = seed_statements("sendiass-wokingham"), seed_statements("bwdpip")
    assert len(sendiass) > 60 and len(bwdpip) > 60
    assert "services reputation" in " ".join(sendiass)
    assert not any("Follow us on Facebook" in s for s in bwdpip)


def test_every_seed_statement_is_on_its_organisations_policy_page(seed_build):
    for slug in SEED_FILES:
        text = normalise(seed_build.text(f"{slug}/index.html"))
        missing = [s for s in seed_statements(slug) if s not in text]
        assert not missing, f"{slug}: not on the page: {missing}"


def test_every_seed_statement_is_in_the_search_index(seed_build):
    docs = seed_build.search_docs()
    for slug in SEED_FILES:
        indexed = normalise(
            " ".join(
                page_text(doc["title"] + " " + doc["text"])
                for doc in docs
                if doc["location"].startswith(f"{slug}/")
            )
        )
        missing = [s for s in seed_statements(slug) if s not in indexed]
        assert not missing, f"{slug}: not in the search index: {missing}"


def search_hits(build, phrase: str) -> set[str]:
    return {
        doc["location"]
        for doc in build.search_docs()
        if phrase.lower() in page_text(doc["text"]).lower() and "#" in doc["location"]
    }


def test_search_results_land_on_the_right_section(seed_build):
    expected = {
        "troll": "sendiass-wokingham/#negative-comments",
        "Ofsted": "sendiass-wokingham/#following",
        "minimum age": "sendiass-wokingham/#safeguarding",
        "chain letters": "bwdpip/#unacceptable-behaviour",
    }
    for phrase, location in expected.items():
        assert location in search_hits(seed_build, phrase), phrase


def test_both_seed_policies_carry_an_overdue_banner_saying_how_long(seed_build):
    # Built as if on 22 November 2026: SENDIASS was due by the end of April 2024,
    # BwDPiP on 22 April 2019.
    sendiass = seed_build.text("sendiass-wokingham/index.html")
    bwdpip = seed_build.text("bwdpip/index.html")
    assert "Review overdue by 2 years and 6 months" in sendiass
    assert "Review overdue by 7 years and 7 months" in bwdpip
    assert 'class="admonition danger"' in seed_build.page("bwdpip/index.html")


def test_the_home_page_lists_each_organisation_with_its_review_status(seed_build):
    text = seed_build.text("index.html")
    assert "SENDIASS" in text and "BwDPiP" in text
    assert "Review overdue by 2 years and 6 months (due April 2024)" in text
    assert "Review overdue by 7 years and 7 months (due 22 April 2019)" in text
    assert 'href="sendiass-wokingham/"' in seed_build.page("index.html")


def test_without_a_repository_there_is_no_edit_button(seed_build):
    # mkdocs.yml names no repo_url: a pencil would have nothing to open but a 404.
    for built in seed_build.site.rglob("*.html"):
        assert "md-content__button" not in built.read_text(encoding="utf-8"), built


def test_a_third_organisation_appears_with_no_code_change(project):
    shutil.copy(FIXTURES / "policies" / "riverside-young-carers.yaml", project / "policies")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    text = build.text("riverside-young-carers/index.html")
    assert "Never post a photograph of a young carer without written consent" in text
    assert "Riverside Young Carers" in build.text("index.html")
    assert 'href="riverside-young-carers/"' in build.page("index.html")
    own = build.page("riverside-young-carers/index.html")
    assert 'href="replies/"' in own and "Riverside Young Carers" in own
    # Other organisations' pages do not carry it: a page's nav does not grow with the site.
    assert "riverside-young-carers" not in build.page("bwdpip/index.html")
    assert "riverside-young-carers/#group-photos" in {d["location"] for d in build.search_docs()}
    # Markdown in YAML text renders: emphasis and links.
    page = build.page("riverside-young-carers/index.html")
    assert "<strong>written</strong>" in page
    assert '<a href="https://riverside-carers.example/">our website</a>' in page
    assert "<dt>Written consent</dt>" in page


def test_html_in_a_policy_shows_as_text(project):
    policy = project / "policies" / "bwdpip.yaml"
    text = policy.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Agreement\n", '    title: "Agreement <script>alert(1)</script>"\n'
    )
    text = text.replace(
        "    blocks:\n", "    blocks:\n      - '<img src=x onerror=alert(2)> & more'\n", 1
    )
    text = text.replace(
        "- Comply with current legislation", "- Comply with <b>current</b> legislation"
    )
    policy.write_text(text, encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    page = build.page("bwdpip/index.html")
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "<b>current</b>" not in page
    # Each shows exactly as written.
    shown = build.text("bwdpip/index.html")
    assert "Agreement <script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(2)> & more" in shown
    assert "Comply with <b>current</b> legislation" in shown


def test_two_builds_of_the_same_inputs_are_byte_identical(project, tmp_path):
    first = run_build(project, site=tmp_path / "one")
    second = run_build(project, site=tmp_path / "two")
    assert first.result.returncode == 0 and second.result.returncode == 0
    compared = filecmp.dircmp(first.site, second.site)

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found += mismatch + errors
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(compared) == []
    assert len(list(first.site.rglob("*"))) > 20


def test_a_bad_policy_fails_the_build_without_a_traceback_and_keeps_the_old_site(project):
    good = run_build(project)
    assert good.result.returncode == 0, good.result.stderr
    before = (good.site / "index.html").read_bytes()
    policy = project / "policies" / "bwdpip.yaml"
    lines = policy.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if "posts: 49" in line)
    lines[target] = lines[target].replace("posts: 49", "posts: lots")
    policy.write_text("".join(lines), encoding="utf-8")
    bad = run_build(project)
    assert bad.result.returncode != 0
    output = bad.result.stdout + bad.result.stderr
    column = lines[target].index("posts") + 1
    assert (
        f"policies/bwdpip.yaml:{target + 1}:{column} channels.twitter.target.minimum.posts: "
        'must be a whole number, got "lots"'
    ) in output
    assert "Traceback" not in output
    assert (bad.site / "index.html").read_bytes() == before


def test_bad_input_in_two_files_is_all_reported_in_one_build(project):
    (project / "policies" / "extra.yaml").write_text("organisation: [\n", encoding="utf-8")
    policy = project / "policies" / "sendiass-wokingham.yaml"
    policy.write_text(
        policy.read_text(encoding="utf-8").replace(
            'review_due: "2024-04"', 'review_due: "2019-04"'
        ),
        encoding="utf-8",
    )
    bad = run_build(project)
    output = bad.result.stdout + bad.result.stderr
    assert bad.result.returncode != 0
    assert "2 problems in 2 policy files" in output
    assert "policies/extra.yaml:2:1 is not valid YAML" in output
    assert "policy.review_due: April 2019 is before the adoption date November 2022" in output


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def test_mkdocs_serve_rebuilds_when_a_policy_changes(project):
    port = free_port()
    server = subprocess.Popen(
        [
            *MKDOCS,
            "serve",
            "--no-strict",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/bwdpip/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert "Blackburn with Darwen" in fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not start"
                time.sleep(0.5)
        policy = project / "policies" / "bwdpip.yaml"
        policy.write_text(
            policy.read_text(encoding="utf-8").replace("title: Agreement", "title: Our agreement"),
            encoding="utf-8",
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if "Our agreement" in fetch(url):
                    break
            except OSError:  # a request made mid-rebuild waits for it; on a busy machine, longer
                pass
            assert time.monotonic() < deadline, "the page did not update after the policy changed"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_plugin_builds_the_same_site_wherever_it_is_listed(project, tmp_path):
    first = run_build(project, site=tmp_path / "first")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start, end = text.index("  - handbook:"), text.index("\nmarkdown_extensions:")
    handbook = text[start:end].rstrip("\n") + "\n"
    # Listed first, before search, and among other plugins.
    text = text[:start] + text[end:]
    text = text.replace("plugins:\n", "plugins:\n" + handbook + "  - tags\n", 1)
    config.write_text(text, encoding="utf-8")
    second = run_build(project, site=tmp_path / "second")
    assert first.result.returncode == 0 and second.result.returncode == 0, second.result.stderr
    for path in sorted(first.site.rglob("*")):
        if path.is_file() and "tags" not in path.name:
            other = second.site / path.relative_to(first.site)
            assert other.read_bytes() == path.read_bytes(), path.relative_to(first.site)


def links(build, uri: str) -> list[str]:
    article = re.search(r"<article[^>]*>(.*?)</article>", build.page(uri), re.S).group(1)
    return re.findall(r'href="([^"]+)"', article)


def test_a_hand_written_nav_keeps_every_cross_link(project, tmp_path):
    automatic = run_build(project, site=tmp_path / "automatic")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("strict: true\n", "strict: true\nnav:\n  - index.md\n  - accessibility.md\n"),
        encoding="utf-8",
    )
    written = run_build(project, site=tmp_path / "written")
    assert written.result.returncode == 0, written.result.stderr
    for uri in (
        "index.html",
        "bwdpip/index.html",
        "sendiass-wokingham/index.html",
        "sendiass-wokingham/replies/index.html",
        "replies/index.html",
        "follow/index.html",
        "calendars/index.html",
    ):
        assert links(written, uri) == links(automatic, uri), uri
    home = links(written, "index.html")
    assert "replies/" in home and "bwdpip/" in home
    assert "replies/#case-advice-dm" in links(written, "sendiass-wokingham/index.html")


def preview_build(project, site, only: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` as `make serve ORG=<only>` runs it."""
    return subprocess.run(
        [*MKDOCS, "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**build_env(), "HANDBOOK_ONLY": only},
        cwd=project,
        timeout=300,
    )


def test_a_focused_preview_builds_one_organisation_and_the_site_wide_pages(project, tmp_path):
    result = preview_build(project, tmp_path / "site", "bwdpip")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "bwdpip" / "what-to-do" / "index.html").exists()
    assert not (site / "sendiass-wokingham").exists()
    assert "BwDPiP" in (site / "index.html").read_text("utf-8")
    assert (site / "replies" / "index.html").exists() and (
        site / "calendars" / "index.html"
    ).exists()


def test_a_preview_of_an_unknown_organisation_says_which_there_are(project, tmp_path):
    result = preview_build(project, tmp_path / "site", "nobody")
    assert result.returncode == 1
    assert 'has no organisation "nobody" to preview (known: bwdpip, sendiass-wokingham)' in (
        result.stderr
    )
