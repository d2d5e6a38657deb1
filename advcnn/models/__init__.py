"""The lecture's models, the deeper stacks that extend them, and the three networks by name."""

from torch import nn

from advcnn.models.deep import DeepStack, PlainBlock
from advcnn.models.inception import InceptionA, InceptionNet
from advcnn.models.residual import ResidualBlock, ResidualNet, ShortcutBlock
from advcnn.models.simple import SimpleCNN

__all__ = [
    "DeepStack",
    "InceptionA",
    "InceptionNet",
    "PlainBlock",
    "ResidualBlock",
    "ResidualNet",
    "ShortcutBlock",
    "SimpleCNN",
    "build_model",
    "MODELS",
    "MODEL_NAMES",
]

#: The three MNIST networks by name: the one list the command line and the benchmark choose from.
MODELS: dict[str, type[nn.Module]] = {
    "simple": SimpleCNN,
    "inception": InceptionNet,
    "residual": ResidualNet,
}
MODEL_NAMES = tuple(MODELS)


def build_model(name: str, **kwargs: int) -> nn.Module:
    """Build one of the networks of ``MODELS`` by name, e.g. ``build_model("inception")``.

    Args:
        name: The network's name.
        **kwargs: Constructor arguments passed on (``num_classes``, channel counts, …).

    Raises:
        ValueError: An unknown name.
    """
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    return MODELS[name](**kwargs)
