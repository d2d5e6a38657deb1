"""The lecture's models, and the deeper stacks and shortcuts that extend it."""

from advcnn.models.deep import STACK_VARIANTS, DeepStack, PlainBlock
from advcnn.models.densenet import DenseBlock, DenseLayer, DenseNet, Transition
from advcnn.models.inception import InceptionA, InceptionNet
from advcnn.models.residual import ResidualBlock, ResidualNet, ShortcutBlock
from advcnn.models.residual_units import VARIANTS, PlainUnit, ResidualUnit
from advcnn.models.simple import SimpleCNN

__all__ = [
    "DeepStack",
    "DenseBlock",
    "DenseLayer",
    "DenseNet",
    "InceptionA",
    "InceptionNet",
    "PlainBlock",
    "PlainUnit",
    "ResidualBlock",
    "ResidualNet",
    "ResidualUnit",
    "ShortcutBlock",
    "SimpleCNN",
    "STACK_VARIANTS",
    "Transition",
    "VARIANTS",
    "build_model",
    "MODEL_NAMES",
]

# The three MNIST networks by name: the one list that the command line and the benchmark offer.
_CLASSES = {"simple": SimpleCNN, "inception": InceptionNet, "residual": ResidualNet}
MODEL_NAMES = tuple(_CLASSES)


def build_model(name: str, **kwargs: int) -> SimpleCNN | InceptionNet | ResidualNet:
    """Build one of the networks of ``MODEL_NAMES`` by name, e.g. ``build_model("inception")``.

    Args:
        name: The network's name.
        **kwargs: Constructor arguments passed on (``num_classes``, channel counts, …).

    Raises:
        ValueError: An unknown name.
    """
    if name not in _CLASSES:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    return _CLASSES[name](**kwargs)
