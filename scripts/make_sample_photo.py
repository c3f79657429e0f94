"""Make cnnlib/data/sample_photo.npz, the colour photograph of Chapter 3.

The source is ``grace_hopper.jpg`` from Matplotlib's own sample data
(``matplotlib.cbook.get_sample_data``, shipped with Matplotlib in the lock,
no download): the official U.S. Navy portrait of Rear Admiral Grace M.
Hopper (1984, photographer James S. Davis), a work of the U.S. federal
government and so in the public domain. The script crops a 288x288 square
around the face, averages 3x3 blocks to 96x96 and stores it as uint8
``(H, W, 3)`` RGB: decoded once here, so that no JPEG decoder (Pillow's
version here, or the one in the browser) changes a pixel the course shows.

Run ``python scripts/make_sample_photo.py`` then
``python scripts/update_checksums.py``.
"""

import pathlib

import matplotlib.image as mpimg
import numpy as np
from matplotlib import cbook

OUT = (
    pathlib.Path(__file__).resolve().parents[1] / "cnnlib" / "data" / "sample_photo.npz"
)
TOP, LEFT, SIDE, BLOCK = 60, 112, 288, 3

with cbook.get_sample_data("grace_hopper.jpg") as handle:
    photo = mpimg.imread(handle, format="jpg")  # (600, 512, 3) uint8
crop = photo[TOP : TOP + SIDE, LEFT : LEFT + SIDE].astype(np.float64)
small = crop.reshape(SIDE // BLOCK, BLOCK, SIDE // BLOCK, BLOCK, 3).mean(axis=(1, 3))
image = np.clip(np.round(small), 0, 255).astype(np.uint8)
np.savez_compressed(
    OUT,
    image=image,
    source=np.array(
        "matplotlib sample_data/grace_hopper.jpg; U.S. Navy photo, public domain"
    ),
)
print(OUT.name, image.shape, image.dtype, OUT.stat().st_size, "bytes")
