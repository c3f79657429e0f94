"""coursetools/browser.py: the local server and PDF page counts (no browser)."""

from __future__ import annotations

import urllib.request

from coursetools import browser


def test_server_serves_the_folder_with_wasm_types(tmp_path):
    (tmp_path / "a.wasm").write_bytes(b"\0asm")
    (tmp_path / "index.html").write_text("<p>hi</p>")
    with browser.served(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/a.wasm") as response:
            assert response.headers["Content-Type"] == "application/wasm"
            assert response.read() == b"\0asm"
        with urllib.request.urlopen(f"{url}/index.html") as response:
            assert response.read() == b"<p>hi</p>"


def test_server_records_what_it_served(tmp_path):
    (tmp_path / "x.txt").write_text("x")
    httpd, url = browser.serve(tmp_path)
    try:
        urllib.request.urlopen(f"{url}/x.txt").close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert httpd.served == ["/x.txt"]


def test_pdf_pages_counts_page_objects_not_the_page_tree(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"<< /Type /Pages /Count 2 >> << /Type /Page >> <</Type/Page>>")
    assert browser.pdf_pages(pdf) == 2


def test_every_launch_gets_the_same_arguments():
    calls = []

    class Chromium:
        def launch(self, **kwargs):
            calls.append(kwargs)

    browser.launch(type("Playwright", (), {"chromium": Chromium()})(), ["--x"])
    args = [*browser.CHROMIUM_ARGS, "--x"]
    assert calls == [{"executable_path": str(browser.CHROMIUM), "args": args}]
