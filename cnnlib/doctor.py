"""A setup check for students: can this machine run the course?

Run ``python -m cnnlib.doctor`` (add ``--no-tensorflow`` to skip the Keras
checks). It prints the versions that matter, the thread settings, whether the
data and weights shipped in ``cnnlib/data`` are intact, and whether this
machine reproduces reference results computed from them; every problem comes
with a line saying what to do. The exit status is 0 when all checks pass.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Check", "data_checksums", "read_checksums", "run_checks", "main"]

DATA = Path(__file__).resolve().parent / "data"
CHECKSUMS = DATA / "SHA256SUMS.txt"
LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"
SUPPORTED_PYTHON = ((3, 11, 5), (3, 14))  # [low, high)
#: One test digit of the 2,000: a different BLAS may round a borderline one.
ONE_DIGIT = 1 / 2000
FIX_INSTALL = (
    'reinstall: pip install "cnnlib[course]" from the course repository, or '
    "in a checkout run `make test` (it installs requirements.lock)"
)


@dataclass(frozen=True)
class Check:
    """One line of the report: what was checked, what was found, what to do."""

    name: str
    found: str
    ok: bool
    advice: str = ""


def data_checksums(folder: Path = DATA) -> dict[str, str]:
    """SHA-256 of every ``.npz`` and ``.json`` file in ``folder`` (data,
    weights, result tables), by file name."""
    paths = [*folder.glob("*.npz"), *folder.glob("*.json")]
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(paths, key=lambda path: path.name)
    }


def read_checksums(path: Path = CHECKSUMS) -> dict[str, str]:
    """Parse a ``sha256sum``-style file: ``<hex>  <name>`` per line."""
    sums = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 64:
            raise ValueError(f"{path}:{number}: expected '<sha256>  <file>'")
        sums[parts[1]] = parts[0]
    return sums


def _locked_versions() -> dict[str, str]:
    """Versions pinned in requirements.lock, when cnnlib runs from a checkout."""
    if not LOCK.exists():
        return {}
    pins = {}
    for line in LOCK.read_text().splitlines():
        requirement = line.split(";")[0].strip()
        if "==" in requirement and not requirement.startswith("#"):
            name, version = requirement.split("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_python() -> Check:
    info = sys.version_info[:3]
    low, high = SUPPORTED_PYTHON
    found = f"{platform.python_version()} ({platform.system()} {platform.machine()})"
    ok = low <= info < high
    advice = "" if ok else "use Python 3.11.5 to 3.13 (TensorFlow 2.21's range)"
    return Check("Python", found, ok, advice)


def check_packages(names: Sequence[str]) -> list[Check]:
    pins = _locked_versions()
    checks = []
    for name in names:
        version = _version(name)
        if version is None and name == "tensorflow":
            version = _version("tensorflow-cpu")
        if version is None:
            checks.append(Check(name, "not installed", False, FIX_INSTALL))
            continue
        pinned = pins.get(name) or pins.get(f"{name}-cpu")
        found = version if pinned is None else f"{version} (lock: {pinned})"
        # Other versions run the chapters, but the stored outputs were made
        # with the locked ones: the last printed digits may differ.
        advice = ""
        if pinned is not None and pinned != version:
            advice = "differs from the lock: outputs may differ in the last digits"
        checks.append(Check(name, found, True, advice))
    return checks


def check_threads() -> Check:
    blas = "unknown"
    try:
        config = np.show_config(mode="dicts")
        info = config["Build Dependencies"]["blas"]
        blas = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except Exception:  # older NumPy: no dict mode
        pass
    settings = [f"{os.cpu_count()} CPU cores", f"NumPy BLAS {blas}"]
    for variable in ("CNNLIB_TF_THREADS", "OMP_NUM_THREADS", "OPENBLAS_CORETYPE"):
        if os.environ.get(variable):
            settings.append(f"{variable}={os.environ[variable]}")
    return Check("threads", "; ".join(settings), True)


def check_data(folder: Path = DATA, checksums: Path = CHECKSUMS) -> list[Check]:
    """Each file of the checksum list is present in ``folder`` and intact."""
    try:
        expected = read_checksums(checksums)
    except (OSError, ValueError) as error:
        return [Check("data", f"no checksum list ({error})", False, FIX_INSTALL)]
    actual = data_checksums(folder)
    checks = []
    for name, digest in expected.items():
        if name not in actual:
            checks.append(Check(name, "missing", False, FIX_INSTALL))
        elif actual[name] != digest:
            checks.append(Check(name, "checksum differs", False, FIX_INSTALL))
        else:
            checks.append(Check(name, "sha256 matches", True))
    return checks


def _reference(name: str, measure: Callable[[], tuple[float, float]]) -> Check:
    try:
        accuracy, stored = measure()
    except Exception as error:  # report, never crash the doctor
        return Check(name, f"failed: {type(error).__name__}: {error}", False, "")
    ok = abs(accuracy - stored) <= ONE_DIGIT
    found = f"test accuracy {accuracy:.4f} (stored {stored:.4f})"
    advice = (
        ""
        if ok
        else (
            "this machine computes other results than the stored ones: check "
            "the versions above against requirements.lock"
        )
    )
    return Check(name, found, ok, advice)


def _simple_convnet_accuracy() -> tuple[float, float]:
    from cnnlib.datasets import SIMPLE_CONVNET_PATH, load_mnist
    from cnnlib.network import SimpleConvNet

    _, (x_test, t_test) = load_mnist(layout="NCHW")
    net = SimpleConvNet()
    net.load_params(SIMPLE_CONVNET_PATH)
    with np.load(SIMPLE_CONVNET_PATH) as data:
        stored = float(data["test_accuracy"])
    return net.accuracy(x_test, t_test), stored


def _small_cnn_accuracy() -> tuple[float, float]:
    from cnnlib.datasets import load_mnist, load_small_cnn_weights
    from cnnlib.keras_models import build_small_cnn, import_keras

    import_keras(seed=0)
    model = build_small_cnn()
    weights, stored = load_small_cnn_weights()
    model.set_weights(weights)
    _, (x_test, t_test) = load_mnist(layout="NHWC")
    predicted = model.predict(x_test, verbose=0).argmax(axis=1)
    return float(np.mean(predicted == t_test)), stored


def run_checks(tensorflow: bool = True) -> list[Check]:
    """Every check, in report order."""
    checks = [check_python()]
    names = ["numpy", "scipy", "matplotlib"]
    if tensorflow:
        names += ["tensorflow", "keras"]
    checks += check_packages(names)
    checks.append(check_threads())
    checks += check_data()
    checks.append(_reference("SimpleConvNet (NumPy)", _simple_convnet_accuracy))
    if tensorflow and all(c.ok for c in checks if c.name in ("tensorflow", "keras")):
        checks.append(_reference("small CNN (Keras)", _small_cnn_accuracy))
        checks.append(check_tensorflow_threads())
    return checks


def check_tensorflow_threads() -> Check:
    """The thread pools and oneDNN setting ``cnnlib.import_keras`` fixed."""
    from cnnlib.keras_models import tensorflow_module

    tf = tensorflow_module()
    intra = tf.config.threading.get_intra_op_parallelism_threads()
    inter = tf.config.threading.get_inter_op_parallelism_threads()
    onednn = os.environ.get("TF_ENABLE_ONEDNN_OPTS")
    found = f"intra-op {intra}, inter-op {inter}, TF_ENABLE_ONEDNN_OPTS={onednn}"
    return Check("TensorFlow threads", found, True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m cnnlib.doctor", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--no-tensorflow", action="store_true", help="skip the Keras checks"
    )
    args = parser.parse_args(argv)
    checks = run_checks(tensorflow=not args.no_tensorflow)
    width = max(len(c.name) for c in checks)
    for c in checks:
        print(f"{'ok ' if c.ok else 'BAD'}  {c.name:<{width}}  {c.found}")
        if c.advice:
            print(f"     {'':<{width}}  -> {c.advice}")
    problems = [c for c in checks if not c.ok]
    if problems:
        print(f"\n{len(problems)} problem(s): follow the '->' lines above.")
        return 1
    print("\nAll checks passed: this machine runs the course as published.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
