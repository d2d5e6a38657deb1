"""Check of notebook 04's exercise 04.5, digits shifted off the centre: the learner's
``shift_digits`` is compared with ``F.pad`` and a crop, for shifts in every direction, of zero
and of a whole image."""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F

from advcnn.data import MNIST_MEAN, MNIST_STD
from advcnn.exercises._core import Mistake, call
from advcnn.i18n import tr

__all__ = ["shifted_digits"]


def _blank() -> float:
    """A blank pixel (0 before ``ToTensor``'s scaling) after the lecture's normalisation."""
    return ((torch.zeros(()) - MNIST_MEAN) / MNIST_STD).item()


def _reference_shift(images: torch.Tensor, dx: int, dy: int, fill: float) -> torch.Tensor:
    """``images`` moved ``dx`` right and ``dy`` down: pad with ``fill``, then crop back."""
    height, width = images.shape[-2:]
    pad = (max(dx, 0), max(-dx, 0), max(dy, 0), max(-dy, 0))  # left, right, top, bottom
    padded = F.pad(images, pad, value=fill)
    top, left = max(-dy, 0), max(-dx, 0)
    return padded[..., top : top + height, left : left + width]


# Positive, negative and zero shifts, one of them a whole image wide.
_SHIFTS = ((2, 1), (-1, -3), (3, 0), (0, -2), (0, 0), (-4, 5), (28, 0))


def _digits() -> torch.Tensor:
    """Four 28 x 28 "digits" of random ink, normalised like MNIST."""
    pixels = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(4))
    pixels = torch.where(pixels > 0.6, pixels, torch.zeros(()))
    return (pixels - MNIST_MEAN) / MNIST_STD


def shifted_digits(answer: Any) -> str:
    """04.5: ``shift_digits(images, dx, dy)`` against ``F.pad`` and a crop."""
    digits, blank = _digits(), _blank()
    for dx, dy in _SHIFTS:
        given = digits.clone()
        where = tr("for dx={dx}, dy={dy}", dx=dx, dy=dy)
        try:
            got = call(answer, given, dx, dy, what="shift_digits(images, dx, dy)")
        except Mistake as error:
            if 0 not in (dx, dy) and 28 not in (dx, dy):
                raise
            raise Mistake(
                tr(
                    "{where}: {error}. Look at the slices for a shift of 0 (x[..., :-0] is empty) "
                    "or of a whole image.",
                    where=where,
                    error=error,
                )
            ) from error
        if not torch.equal(given, digits):
            raise Mistake(
                tr(
                    "{where}: your function changes the images passed to it; return a new tensor "
                    "(start from images.clone() or torch.full_like).",
                    where=where,
                )
            )
        if not isinstance(got, torch.Tensor):
            raise Mistake(
                tr(
                    "{where}: expected a tensor of images, got {kind}.",
                    where=where,
                    kind=type(got).__name__,
                )
            )
        if got.shape != digits.shape:
            raise Mistake(
                tr(
                    "{where}: the result has shape {got}, the images {shape}; crop back to "
                    "28 x 28 after padding.",
                    where=where,
                    got=tuple(got.shape),
                    shape=tuple(digits.shape),
                )
            )
        expected = _reference_shift(digits, dx, dy, blank)
        if torch.allclose(got.float(), expected, atol=1e-5):
            continue
        similar = [
            (torch.roll(digits, shifts=(dy, dx), dims=(-2, -1)), tr("what leaves one side comes "
             "back on the other: torch.roll wraps around; fill with blank pixels instead")),
            (_reference_shift(digits, dx, dy, 0.0), tr("the new pixels are 0, but after "
             "normalising a blank pixel is not 0: it is what Normalize makes of a 0 pixel")),
            (_reference_shift(digits, dy, dx, blank), tr("moved dx down and dy right: dx moves "
             "along the width (the last dimension), dy along the height")),
            (_reference_shift(digits, -dx, -dy, blank), tr("moved the wrong way: a positive dx "
             "moves right, a positive dy moves down")),
        ]  # fmt: skip
        for candidate, message in similar:
            if not torch.allclose(candidate, expected) and torch.allclose(
                got.float(), candidate, atol=1e-5
            ):
                raise Mistake(tr("{where}: {message}.", where=where, message=message))
        if 0 in (dx, dy) or 28 in (dx, dy):
            raise Mistake(
                tr(
                    "{where} the result is wrong, though nonzero shifts were right: look at the "
                    "slices for a shift of 0 (x[..., :-0] is empty) or of a whole image.",
                    where=where,
                )
            )
        raise Mistake(
            tr(
                "{where} the result is wrong: compare it with the images, pixel by pixel.",
                where=where,
            )
        )
    return tr(
        "nothing wraps around and the pixels that move in are blank, on all {count} shifts "
        "tried, negative and zero ones included.",
        count=len(_SHIFTS),
    )
