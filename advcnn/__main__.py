"""Command line: ``python -m advcnn train ...`` trains a network, ``python -m advcnn cost ...``
prints its layer-by-layer cost; the choices come from the model and recipe registries."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from advcnn.config import RECIPES
from advcnn.models import MODEL_NAMES

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m advcnn",
        description="The lecture's Inception and residual networks on MNIST.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = commands.add_parser("train", help="train a network on MNIST and report its accuracy")
    train.add_argument("--model", choices=MODEL_NAMES, required=True, help="which network")
    train.add_argument(
        "--recipe", choices=tuple(RECIPES), default="fast", help="training recipe (default: fast)"
    )
    train.add_argument("--epochs", type=int, help="epochs (default: the recipe's; 1 with --quick)")
    train.add_argument(
        "--quick",
        action="store_true",
        help="a quick check: 5,000 training and 1,000 test images, 1 epoch",
    )
    train.add_argument("--device", help="cpu, cuda, cuda:1, mps (default: the best present)")
    train.add_argument("--batch-size", type=int, help="images per step (default: the recipe's)")
    train.add_argument("--lr", type=float, help="learning rate; the peak with the fast recipe")
    train.add_argument("--seed", type=int, help="seed of the weights and the batch order")
    train.add_argument("--data", metavar="PATH", help="folder holding the MNIST files")
    train.add_argument("--save", metavar="CKPT", help="save the trained weights to this file")
    train.add_argument(
        "--cuda-graph",
        action="store_true",
        help="replay each training step as one CUDA graph (CUDA only; several times faster)",
    )
    train.add_argument("--no-progress", action="store_true", help="hide the progress bars")

    cost = commands.add_parser("cost", help="print a network's parameters and MACs per layer")
    cost.add_argument("--model", choices=MODEL_NAMES, required=True, help="which network")
    return parser


def _train(args: argparse.Namespace) -> int:
    import torch
    from tqdm.auto import tqdm

    from advcnn.checkpoint import save_checkpoint
    from advcnn.config import recipe
    from advcnn.data import load_mnist
    from advcnn.evaluate import pick_device
    from advcnn.history import EpochRecord, TrainingDivergedError
    from advcnn.models import build_model
    from advcnn.train import fit

    overrides = {
        "epochs": args.epochs if args.epochs is not None else (1 if args.quick else None),
        "batch_size": args.batch_size,
        "lr": args.lr,
        "seed": args.seed,
        "device": args.device,
        "progress": not args.no_progress,
        "cuda_graph": True if args.cuda_graph else None,
    }
    try:
        config = recipe(args.recipe, **{k: v for k, v in overrides.items() if v is not None})
        device = pick_device(config.device)
        if config.cuda_graph and device.type != "cuda":
            raise ValueError(f"--cuda-graph needs a CUDA device; this run is on {device}")
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    subsets = {"subset": 5000, "test_subset": 1000} if args.quick else {}
    data = load_mnist(args.data, source="auto", **subsets)  # prints which MNIST it uses
    if args.seed is not None:
        torch.manual_seed(args.seed)  # the initial weights; fit's seed covers the batch order
    model = build_model(args.model)
    parameters = sum(p.numel() for p in model.parameters())
    print(f"Device: {device}")
    print(
        f"Model: {type(model).__name__} ({parameters:,} parameters); recipe {args.recipe!r}: "
        f"{config.epochs} epoch(s), batch {config.batch_size}, lr {config.lr:g} "
        f"({config.schedule})"
    )

    def report(record: EpochRecord) -> None:
        tqdm.write(
            f"epoch {record.epoch}/{config.epochs}: loss {record.train_loss:.4f}, train acc "
            f"{record.train_accuracy:.2%}, test acc {record.test_accuracy:.2%}, "
            f"{record.seconds:.1f} s, {record.images_per_second:,.0f} img/s"
        )

    try:
        history = fit(model, data, config, on_epoch=report)
    except TrainingDivergedError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if history.final_test_accuracy is not None:
        print(f"Final test accuracy: {history.final_test_accuracy:.2%}")
    if args.save:
        path = save_checkpoint(args.save, model, history=history, config=config)
        print(f"Saved the weights to {path}")
    return 130 if history.interrupted else 0


def _cost(args: argparse.Namespace) -> int:
    from advcnn.cost import format_table, layer_costs
    from advcnn.models import build_model

    model = build_model(args.model)
    print(f"{type(model).__name__}, per 1 x 28 x 28 image:")
    print(format_table(layer_costs(model)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return _train(args) if args.command == "train" else _cost(args)
    except KeyboardInterrupt:  # outside fit, which handles its own
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
