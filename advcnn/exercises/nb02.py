"""Checks of notebook 02's exercises (the Inception module), registered in the notebook's order:
the fill-in ``LectureInceptionA`` (02.w1), the explorer's predict-first question (02.p1), then
exercises 02.1 to 02.9."""

from advcnn.exercises import nb02_part1, nb02_part2  # noqa: F401  (registers the checks, in order)

__all__: list[str] = []
