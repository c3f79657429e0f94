"""cnnlib reaches Keras and TensorFlow only through cnnlib.keras_models.

``import_keras`` and the lazy accessors ``keras_module`` /
``tensorflow_module`` of that module quiet TensorFlow's logs, switch oneDNN
off and fix the thread pools before TensorFlow first loads. A direct
``import keras`` elsewhere would bypass that, so it is not allowed.
"""

import re
import subprocess
import sys
from pathlib import Path

import cnnlib

PACKAGE = Path(cnnlib.__file__).resolve().parent
GATEWAY = PACKAGE / "keras_models.py"
DIRECT = re.compile(
    r"^\s*(import\s+(keras|tensorflow|tf_keras)\b|from\s+(keras|tensorflow|tf_keras)\b)",
    re.MULTILINE,
)


def direct_imports(source: str) -> list[str]:
    return [m.group(0).strip() for m in DIRECT.finditer(source)]


def test_the_pattern_finds_direct_imports():
    assert direct_imports("    import keras\nfrom tensorflow import nn\n") == [
        "import keras",
        "from tensorflow",
    ]
    assert direct_imports("import tensorflow as tf") == ["import tensorflow"]
    assert direct_imports("import kerasish\n# see keras_module()\n") == []


def test_no_module_but_the_gateway_imports_keras_or_tensorflow():
    offenders = {
        str(path.relative_to(PACKAGE)): found
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != GATEWAY and (found := direct_imports(path.read_text()))
    }
    assert offenders == {}, (
        "import Keras/TensorFlow through cnnlib.keras_models.keras_module() / "
        f"tensorflow_module(), not directly: {offenders}"
    )
    assert direct_imports(GATEWAY.read_text())  # the gateway itself does


def test_cnnlib_imports_without_tensorflow():
    # As in the browser copy: keras and tensorflow cannot be imported at all.
    code = (
        "import sys\n"
        "for name in ('tensorflow', 'keras', 'tf_keras'):\n"
        "    sys.modules[name] = None\n"
        "import cnnlib, cnnlib.explain, cnnlib.doctor, cnnlib.sanity\n"
        "import cnnlib.occlusion, cnnlib.adversarial, cnnlib.class_models\n"
        "print(cnnlib.load_mnist()[0][0].shape)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(8000, 1, 28, 28)"  # the shipped sample
