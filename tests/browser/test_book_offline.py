"""The book reads with no network: MathJax is served with it (book/build.py copies it from npm into _static),
so the equations of 03a render in a browser that cannot reach any host, instead of showing raw LaTeX; each
chapter links back to the book's front page.

The book build is slow: the site of `make book` (build/book) is reused while it is newer than its sources,
else built there once.
"""
import sys

import pytest
from conftest import REPO_ROOT, _new_page
from test_browser import report

sys.path.insert(0, str(REPO_ROOT / "book"))
import build as book  # noqa: E402

pytestmark = pytest.mark.browser

EQUATIONS_PAGE = "03a_mechanisms"


@pytest.fixture(scope="module")
def site(book_site):
    return book_site


def test_equations_render_with_no_network(browser, site):
    context, page = _new_page(browser, {"width": 1200, "height": 900})
    remote = []

    def local_only(route):
        if route.request.url.startswith("file:"):
            return route.continue_()
        remote.append(route.request.url)
        return route.abort("internetdisconnected")

    context.route("**/*", local_only)
    try:
        page.goto((site / "notebooks" / f"{EQUATIONS_PAGE}.html").as_uri())
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.document"
                               " && document.querySelectorAll('mjx-container').length > 0", timeout=30_000)
        page.evaluate("() => MathJax.startup.promise")
        rendered = page.locator("mjx-container").count()
        text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
        report(f"BOOK offline {EQUATIONS_PAGE}: {rendered} equations rendered by the bundled MathJax; "
               f"requests to the network blocked: {len(remote)}")
        assert rendered >= 3
        assert "\\frac" not in text and "$$" not in text, "raw LaTeX on the page"
        assert not [r for r in page.failed_requests if r.startswith("file:")], page.failed_requests
    finally:
        context.close()


def test_every_chapter_links_back_to_the_front_page(site):
    for name in book.CHAPTERS:
        html = (site / "notebooks" / name.replace(".ipynb", ".html")).read_text()
        assert 'href="../index.html"' in html and "Back to the start page" in html, name
        assert "index.ipynb" not in html, name
