"""The lecture's models, and the deeper stacks and shortcuts that extend it."""

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
    "MODEL_NAMES",
]

MODEL_NAMES = ("simple", "inception", "residual")


def build_model(name: str, **kwargs: int) -> SimpleCNN | InceptionNet | ResidualNet:
    """Build one of the three MNIST networks by name: ``"simple"``, ``"inception"``, ``"residual"``.

    Args:
        name: The network's name.
        **kwargs: Constructor arguments passed on (``num_classes``, channel counts, …).

    Raises:
        ValueError: An unknown name.
    """
    classes = {"simple": SimpleCNN, "inception": InceptionNet, "residual": ResidualNet}
    if name not in classes:
        raise ValueError(f"unknown model {name!r}; choose one of {', '.join(MODEL_NAMES)}")
    return classes[name](**kwargs)
