"""The course's tooling: the site's Sphinx glue, the decks, the book PDF,
JupyterLite, and what the browser tests share.

One module per job (see CONTRIBUTING.md, "Tooling"); the Sphinx extensions in
``_ext/`` are thin adapters over these modules, and the build steps run as
``python -m coursetools.<module>``. The tooling works on a checkout of the
course (``ROOT``): install it with ``pip install -e .`` (``make`` does) or
put the checkout on ``PYTHONPATH``.
"""

from __future__ import annotations

from pathlib import Path

#: The course checkout this package belongs to.
ROOT = Path(__file__).resolve().parents[1]
