"""coursetools/browser.py: which browser, the local server, PDF page counts
(no browser is launched)."""

from __future__ import annotations

import urllib.request

from coursetools import browser
from coursetools.browser import chromium as browser_path
from coursetools.browser import served


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
    path = str(browser.chromium() or browser.CHROMIUM)
    assert calls == [{"executable_path": path, "args": args}]
    assert browser.CHROMIUM_ARGS[-1] != "--x"  # the defaults are not changed


def test_the_environment_variable_wins_and_is_not_second_guessed(tmp_path):
    chrome = tmp_path / "my chrome"
    chrome.write_text("")
    env = {browser.ENV_VAR: str(chrome), "HOME": str(tmp_path)}
    assert browser.chromium(env) == chrome
    assert browser.chromium_missing(env) is None
    env[browser.ENV_VAR] = str(tmp_path / "missing")
    assert browser.chromium(env) == tmp_path / "missing"
    assert "is not a file" in (browser.chromium_missing(env) or "")


def test_playwright_and_system_browsers_are_found_per_platform(tmp_path):
    env = {"HOME": str(tmp_path), "LOCALAPPDATA": str(tmp_path / "local")}
    linux = browser.playwright_folders(env, "linux")
    assert linux == [tmp_path / ".cache" / "ms-playwright"]
    mac = browser.playwright_folders(env, "darwin")
    assert mac == [tmp_path / "Library" / "Caches" / "ms-playwright"]
    assert browser.playwright_folders(env, "win32") == [
        tmp_path / "local" / "ms-playwright"
    ]
    custom = {**env, "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "pw")}
    assert browser.playwright_folders(custom, "linux") == [tmp_path / "pw"]
    # Playwright's newest build comes before the system's browsers.
    for build in ("chromium-1100", "chromium-1200"):
        exe = linux[0] / build / "chrome-linux" / "chrome"
        exe.parent.mkdir(parents=True)
        exe.write_text("")
    found = browser.candidates(env, "linux")
    assert found[0] == browser.CHROMIUM
    assert found[1] == linux[0] / "chromium-1200" / "chrome-linux" / "chrome"
    assert found.index(linux[0] / "chromium-1100" / "chrome-linux" / "chrome") < (
        found.index(browser.Path("/usr/bin/google-chrome"))
    )
    mac_apps = browser.system_browsers(env, "darwin")
    assert (
        browser.Path("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome")
        in mac_apps
    )
    windows = browser.system_browsers({"PROGRAMFILES": "C:/PF"}, "win32")
    assert browser.Path("C:/PF/Google/Chrome/Application/chrome.exe") in windows


def test_the_browser_found_here_opens_a_served_page(tmp_path, browser):
    """The browser ``chromium()`` finds (or ``COURSE_CHROMIUM`` names),
    launched with the course's arguments, shows a page of the local server."""
    (tmp_path / "index.html").write_text(
        "<html lang='en'><body><p id='x'>served</p>"
        "<script>document.getElementById('x').textContent += ' and run'</script>"
        "</body></html>"
    )
    page = browser.new_page()
    try:
        with served(tmp_path) as url:
            page.goto(f"{url}/index.html")
            assert page.text_content("#x") == "served and run"
    finally:
        page.close()
    print(f"{browser_path()}: Chromium {browser.version}")
