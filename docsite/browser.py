"""The built site in Chromium, for tests/test_browser.py: what a page loads, logs and looks
like, and what axe-core finds on it. `check_pages` visits every page and can run in a thread
of its own (it owns its Playwright and its browser), overlapping with the rest of the suite.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from docsite import editions, pages, serve

AXE = pages.ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def url_path(page: Path, root: Path = pages.ROOT) -> str:
    """docs/how-to/residual-block.md -> "how-to/residual-block/" (index.md -> "")."""
    relative = page.relative_to(root / "docs").with_suffix("").as_posix()
    return "" if relative == "index" else relative.removesuffix("/index") + "/"


def site_pages(root: Path = pages.ROOT) -> list[str]:
    """Every page of the built site, in both editions: the docs, each tutorial's notebook,
    the claims ledger; and the Chinese edition's glossary."""
    tutorials = sorted(editions.stem(p) for p in pages.pages(root) if p.parent.name == "tutorials")
    english = [url_path(page, root) for page in pages.pages(root)] + [
        *(f"tutorials/{t}-notebook/" for t in tutorials),
        "reference/claims-ledger/",  # generated at build
    ]
    chinese = [editions.prefix(editions.CHINESE) + path for path in english]
    return english + chinese + ["zh/reference/glossary/"]


def launch(playwright):
    executable = serve.chromium()
    assert executable, "no Chromium found: run `make setup` (scripts/setup.sh installs it)"
    assert AXE.is_file(), "axe-core is missing: run `make setup` (npm ci)"
    return playwright.chromium.launch(executable_path=executable, args=serve.ARGS)


def recording(page, base_url: str):
    """`page`, recording in `page.foreign` its requests to other hosts and in `page.errors`
    its console errors and uncaught exceptions."""
    page.foreign, page.errors = [], []
    local = urlparse(base_url).netloc
    page.on(
        "request",
        lambda r: (
            urlparse(r.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(r.url).netloc != local
            and page.foreign.append(r.url)
        ),
    )
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def axe_violations(page, rules=None) -> list[str]:
    """axe-core's violations on the page as it is now: all rules, or only `rules`."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]} | ({"runOnly": rules} if rules else {})
    return page.evaluate(
        """async options => (await axe.run(document, options)).violations.flatMap(v =>
             v.nodes.map(n => `${v.id}: ${n.target.join(" ")} ${n.any[0]?.message ?? ""}`))""",
        options,
    )


def sideways_code(page) -> list[str]:
    """Code blocks whose content is wider than the block (they scroll sideways)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("pre > code, .highlight-ipynb pre")]
             .filter(c => c.offsetParent !== null && c.scrollWidth > c.clientWidth + 1)
             .map(c => `${c.scrollWidth}px in ${c.clientWidth}px: `
                       + c.textContent.split("\\n").sort((a, b) => b.length - a.length)[0])"""
    )


def tables_on_a_phone(page) -> list[str]:
    """Tables of the main line wider than a phone's page (one in a box, a reader's opt-in
    depth, may scroll in its frame), and code in any table that breaks inside a name: a word
    of it on two lines, where docsite/code_breaks.py put no <wbr>."""
    return page.evaluate(
        """() => [...document.querySelectorAll("article table")].flatMap(table => {
             const box = table.closest(".md-typeset__scrollwrap") ?? table.parentElement;
             const wide = !table.closest("details") && box.scrollWidth > box.clientWidth + 1
               ? [`a table ${box.scrollWidth}px wide in ${box.clientWidth}px: `
                  + table.rows[0].textContent.trim().replace(/\\s+/g, " ")] : [];
             const texts = [...table.querySelectorAll("code")].flatMap(code => {
               const walk = document.createTreeWalker(code, NodeFilter.SHOW_TEXT), found = [];
               while (walk.nextNode()) found.push(walk.currentNode);
               return found; });
             const broken = texts.flatMap(node => [...node.textContent.matchAll(/\\S+/g)]
               .filter(word => {
                 const range = document.createRange();
                 range.setStart(node, word.index);
                 range.setEnd(node, word.index + word[0].length);
                 return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1;
               }).map(word => `code breaks inside a name: ${word[0]}`));
             return [...wide, ...broken]; })"""
    )


def check_page(tab, base_url: str, path: str) -> list[str]:
    """One page, as a reader at a 1280 px desktop meets it, in light then dark mode; and its
    tables on a 390 px phone."""
    tab.foreign.clear()
    tab.errors.clear()
    tab.set_viewport_size(DESKTOP)
    response = tab.goto(base_url + path, wait_until="load")
    if response.status != 200:
        return [f"HTTP {response.status}"]
    # Notebook cells off screen skip rendering until scrolled to (extra.css): render them all,
    # so that axe and the width check see every cell as a reader scrolling down would.
    tab.add_style_tag(content="* { content-visibility: visible !important; }")
    problems = []
    if tab.evaluate("document.body.dataset.mdColorScheme") != "default":
        problems.append("does not open in light mode")
    problems += [f"light mode: {v}" for v in axe_violations(tab)]
    problems += [f"scrolls sideways: {line}" for line in sideways_code(tab)]
    # The same page in dark mode, as the palette toggle sets it (tests/test_browser.py tests
    # the toggle itself): only colours change, so only contrast is checked again.
    tab.add_style_tag(content="* { transition: none !important; }")  # final colours at once
    tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    problems += [f"dark mode: {v}" for v in axe_violations(tab, ["color-contrast"])]
    tab.set_viewport_size(PHONE)
    problems += [f"on a phone: {problem}" for problem in tables_on_a_phone(tab)]
    problems += [f"request to another host: {url}" for url in tab.foreign]
    problems += [f"console error: {error}" for error in tab.errors]
    return problems


def check_pages(site_dir: Path, paths: list[str]) -> dict[str, list[str]]:
    """{path: problems} for every page, visited in turn by one tab (a new tab per page costs
    more than the checks). Safe to run in a thread of its own."""
    from playwright.sync_api import sync_playwright

    with serve.serve(site_dir) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=DESKTOP)
        # axe-core in every page from its start: Chromium compiles it once for all the pages
        # (added to each page after load, it was compiled again each time: ~10 % more CPU).
        context.add_init_script(path=str(AXE))
        tab = recording(context.new_page(), base_url)
        try:
            return {path: check_page(tab, base_url, path) for path in paths}
        finally:
            browser.close()


def check_pages_side_by_side(site_dir: Path, paths: list[str], browsers: int = 2) -> dict:
    """`check_pages` in `browsers` threads, each with its own Chromium and its share of the
    pages: axe-core runs on one core per browser, and one browser took about 3 s a page."""
    from concurrent.futures import ThreadPoolExecutor

    shares = [paths[start::browsers] for start in range(browsers)]
    with ThreadPoolExecutor(max_workers=browsers) as pool:
        found = list(pool.map(lambda share: check_pages(site_dir, share), shares))
    return {path: problems for share in found for path, problems in share.items()}
