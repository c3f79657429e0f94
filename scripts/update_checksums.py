"""Rewrite cnnlib/data/SHA256SUMS.txt after a shipped data or weights file
changed on purpose (``python -m cnnlib.doctor`` and the tests check it)."""

from cnnlib.doctor import CHECKSUMS, data_checksums

lines = ["# SHA-256 of the files shipped in cnnlib/data (scripts/update_checksums.py)"]
lines += [f"{digest}  {name}" for name, digest in data_checksums().items()]
CHECKSUMS.write_text("\n".join(lines) + "\n")
print(CHECKSUMS.read_text(), end="")
