"""How a header, sheet name or allowed value is compared: what a controller may type differently."""

from __future__ import annotations


def normalise_key(text: object) -> str:
    """Fold a header, sheet name or allowed value for comparison: case, spaces and NBSP ignored."""
    return " ".join(str(text).replace("\u00a0", " ").split()).casefold()


def canonical_choice(value: str, choices: tuple[str, ...]) -> str | None:
    """Return the canonical spelling of `value` among `choices`, or None if it is not allowed."""
    wanted = normalise_key(value)
    for choice in choices:
        if normalise_key(choice) == wanted:
            return choice
    return None
