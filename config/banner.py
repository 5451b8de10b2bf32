"""`make run`'s banner: where the demo runs and how to log in.

`python -m config.banner http://127.0.0.1:8000` prints it at once;
with `--wait` it first waits until the server answers, so the banner comes after
the server's own start-up lines instead of scrolling away above them.
"""

import sys
import time
import urllib.error
import urllib.request

DEMO_USERS = ("coordinator", "socialworker", "volunteer")
DEMO_PASSWORD = "demo-Leeuw-2026"  # noqa: S105 - the demo password, published in the README


def banner(address: str) -> str:
    return "\n".join(
        [
            "",
            f"Digibuddy runs at {address}/  (stop with Ctrl+C)",
            f"Demo logins (password {DEMO_PASSWORD}): {', '.join(DEMO_USERS)}",
            "",
        ]
    )


def wait_until_up(address: str, *, seconds: float = 120) -> bool:
    """Poll the login page until it answers 200 (or give up after `seconds`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            # The address is the http:// one the Makefile serves.
            with urllib.request.urlopen(f"{address}/login/", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    return False


def main(argv: list[str]) -> int:
    wait = "--wait" in argv
    address = next(a for a in argv if not a.startswith("--")).rstrip("/")
    if wait and not wait_until_up(address):
        print(f"The server did not answer at {address}/ (see the lines above).", flush=True)
        return 1
    print(banner(address), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
