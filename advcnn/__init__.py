"""advcnn: GoogLeNet's Inception module and ResNet's residual connections, taught on MNIST.

The package holds the code the notebooks narrate: the lecture's models (``advcnn.models``), the
arithmetic of convolution costs (``advcnn.cost``), MNIST as tensors (``advcnn.data``), a fast
trainer (``advcnn.train``), and the plots and widgets built on them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
