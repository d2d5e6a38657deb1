"""Exercises that answer back: ``check("01.3", answer)`` says whether an answer is right and, if
not, what the likely mistake is; ``EXERCISES`` lists every exercise id with its title.

Works offline, in JupyterLab, Colab and a plain Python shell. Ids are ``"<notebook>.<k>"`` for
the k-th exercise at the end of a notebook, ``"<notebook>.p<k>"`` for the k-th "predict first"
question before an explorer, and ``"<notebook>.w<k>"`` for a "write it yourself" cell.
"""

from advcnn.exercises import nb01, nb02, nb03, nb04, nb05, nb06  # noqa: F401  (registers checks)
from advcnn.exercises._core import EXERCISES, Feedback, check

__all__ = ["EXERCISES", "Feedback", "check"]
