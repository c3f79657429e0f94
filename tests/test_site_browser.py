"""tests/site_browser.py: the recording and the wait every browser test
relies on.

A page on a local server asks for one file of its own, for two files on
other hosts (one of them from a worker) and, 300 ms after it loaded, for
another file of its own. The context must report exactly the two foreign
requests, the browser (launched with ``OFFLINE_ARGS``) must not have reached
either host, and the wait for a quiet network must wait for the late file.
"""

from __future__ import annotations

from site_browser import new_context, wait_for_network_idle

from coursetools import browser as chromium

PAGE = """<!doctype html>
<title>requests</title>
<link rel="icon" href="data:,">
<img id="local" src="dot.svg">
<img id="foreign" src="http://example.com/pixel.png">
<script>
  const worker = new Worker(URL.createObjectURL(new Blob(
    ["fetch('http://example.org/from-worker.json').catch(() => postMessage('failed'))"],
    {type: "text/javascript"})));
  worker.onmessage = (event) => { document.title = event.data; };
  addEventListener("load", () => setTimeout(() => fetch("dot.svg?late"), 300));
</script>
"""
DOT = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def test_new_context_records_every_foreign_request_and_none_leaves(browser, tmp_path):
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "dot.svg").write_text(DOT)
    with chromium.served(tmp_path) as url:
        context, record = new_context(browser, url)
        try:
            page = context.new_page()
            page.goto(f"{url}/index.html", wait_until="load")
            wait_for_network_idle(page, record)
            late = [r.url for r in record.responses if r.url.endswith("?late")]
            in_flight = len(record.in_flight)
            # The worker's fetch fails (no host resolves but 127.0.0.1).
            page.wait_for_function("document.title === 'failed'", timeout=10_000)
            local_ok = page.evaluate("document.getElementById('local').naturalWidth")
        finally:
            context.close()
    foreign = ["http://example.com/pixel.png", "http://example.org/from-worker.json"]
    assert sorted(record.foreign_requests) == foreign
    answered = {response.url for response in record.responses}
    assert f"{url}/dot.svg" in answered and local_ok == 1
    assert late == [f"{url}/dot.svg?late"] and in_flight == 0, "returned too soon"
    assert not answered & set(foreign), "a foreign host answered"
    assert record.failed_requests == [], "a blocked request counted as a failure"
    # What a test sees: the two requests, and the image's failed load.
    assert sorted(record.problems()) == [
        "console error: Failed to load resource: net::ERR_NAME_NOT_RESOLVED",
        *(f"request to another host: {address}" for address in foreign),
    ]
