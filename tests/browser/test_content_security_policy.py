"""The Content-Security-Policy is enforced, and the watch every browser test keeps sees a breach."""

from playwright.sync_api import Browser, expect

from tests.browser.conftest import Server, watch_for_csp_violations


def test_inline_code_is_refused_and_the_watch_reports_it(server: Server, browser: Browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    seen = watch_for_csp_violations(page)
    server.sign_in_owner(page)
    response = page.goto(server.url + "/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "document.body.dataset.injected = 'ran'";
        document.body.append(script);
    }"""
    )
    expect(page.locator("body")).not_to_have_attribute("data-injected", "ran")
    page.wait_for_timeout(200)
    assert any("script-src" in line for line in seen), seen
    context.close()
