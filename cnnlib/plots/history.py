"""Chapter 1's timeline figure under the import path the chapter uses.

:func:`plot_timeline` lives in :mod:`cnnlib.plots.training`, beside the
other history figure, :func:`cnnlib.plots.training.plot_history` (the
learning curves of a training run).
"""

from cnnlib.plots.training import plot_timeline

__all__ = ["plot_timeline"]
