"""Reading settings from the environment, failing with one clear line."""

import json
import os
import sys
from datetime import date


def stop(name: str, problem: str) -> None:
    """Stop start-up with one line naming the setting: no traceback wall."""
    sys.stderr.write(f"Configuration error: {name} {problem}\n")
    raise SystemExit(2)


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def flag(name: str, default: bool = False) -> bool:
    raw = text(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    stop(name, f"must be true or false, not {raw!r}.")
    return default


def number(name: str, default: int) -> int:
    raw = text(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        stop(name, f"must be a whole number, not {raw!r}.")
    return default


def items(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in text(name, default).split(",") if part.strip()]


def json_object(name: str) -> dict:
    raw = text(name)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        stop(name, 'must be a JSON object such as {"continuity": 50}.')
    return value


def day(name: str, default: str) -> date:
    """A date written as YYYY-MM-DD."""
    raw = text(name, default)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        stop(name, f"must be a date written as YYYY-MM-DD, not {raw!r}.")
    return date.fromisoformat(default)
