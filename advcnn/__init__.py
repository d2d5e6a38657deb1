"""advcnn: the Inception module, 1×1 convolutions and residual connections, taught on MNIST.

The package holds the code the notebooks narrate: the lecture's models (``advcnn.models``), the
arithmetic of convolution costs (``advcnn.cost``), MNIST as tensors (``advcnn.data``, the files
themselves in ``advcnn.mnist_files``), the training loop (``advcnn.train``, its speed-ups in
``advcnn.speed`` and ``advcnn.cuda_graph``, its bookkeeping in ``advcnn.progress``, configured by
``advcnn.config``, recorded in ``advcnn.history``, saved by ``advcnn.checkpoint``, with
``advcnn.evaluate`` for accuracy and predictions), gradient measurements
(``advcnn.gradients``), and the plots and widgets built on them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
