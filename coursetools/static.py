"""Static files: the site picks up an edited stylesheet or script.

``_ext/course_site.py`` connects ``stale_static_files`` to ``env-get-outdated``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def stale_static_files(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Rebuild the root page when a static file changed and no page did.

    Sphinx copies ``html_static_path`` only when it writes a page, so an edit
    to ``assets/course.css`` alone left the old copy in ``_build/html``.
    """
    if app.builder.format != "html" or added or changed or removed:
        return []
    static = Path(app.outdir) / "_static"
    for folder in app.config.html_static_path:
        source_root = Path(app.confdir) / folder
        for source in source_root.rglob("*"):
            if (
                not source.is_file()
                or "vendor" in source.relative_to(source_root).parts
            ):
                continue
            copy = static / source.relative_to(source_root)
            if not copy.is_file() or copy.read_bytes() != source.read_bytes():
                return [app.config.root_doc]
    return []
