"""Secrets a message carries only on its way out.

Some e-mails hold a link that works as a key (a partner's answer link). The
delivery log keeps every message's text, and that text shows in a resident's
export and on the call list when a message fails, so it is stored with the secret
masked. Just before sending, the app that owns the secret puts a fresh one in,
through a filler it registers in its `AppConfig.ready()` for the purposes it uses.
"""

from collections.abc import Callable

_fillers: dict[str, Callable[[str], str]] = {}


def register_filler(purpose: str, fill: Callable[[str], str]) -> None:
    """Before a message of this purpose is sent, `fill(text)` gives the text to send."""
    _fillers[purpose] = fill


def text_to_send(*, purpose: str, text: str) -> str:
    fill = _fillers.get(purpose)
    return fill(text) if fill else text
