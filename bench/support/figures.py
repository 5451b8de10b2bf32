"""Pure helpers of bench/load.py: adding up the runs of one path, the ratio to its
baseline, the table, and the top functions of a py-spy profile."""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Totals:
    """Every measured run of one server on one path, added up."""

    requests: int = 0
    seconds: float = 0.0
    app_cpu: float = 0.0  # CPU seconds of the gunicorn workers
    database_cpu: float = 0.0  # CPU seconds of their PostgreSQL backends
    socket_errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    p95_ms: list[float] = field(default_factory=list)

    def add(self, result: dict, app_cpu: float, database_cpu: float) -> None:
        self.requests += result["requests"]
        self.seconds += result["seconds"]
        self.app_cpu += app_cpu
        self.database_cpu += database_cpu
        self.socket_errors += result["socket_errors"]
        self.statuses.update({str(k): v for k, v in result["statuses"].items()})
        self.p95_ms.append(result["p95_ms"])

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def cpu_ms(self, part: str) -> float:
        used = self.app_cpu if part == "app" else self.database_cpu
        return used * 1000 / self.requests if self.requests else 0.0

    def unexpected(self, expected: tuple[str, ...]) -> int:
        return self.socket_errors + sum(
            n for code, n in self.statuses.items() if code not in expected
        )

    @property
    def cpu_ms_total(self) -> float:
        return self.cpu_ms("app") + self.cpu_ms("database")


def ratio(product: float, baseline: float) -> float:
    return product / baseline if baseline else 0.0


def cpu_ratio(product: Totals, baseline: Totals) -> float:
    """The baseline's CPU per request over the product's: the throughput ratio a
    machine bound by CPU would show, and steadier than requests per second when
    other work on the machine comes and goes between runs."""
    return ratio(baseline.cpu_ms_total, product.cpu_ms_total)


def verdict(value: float, target: float | None) -> str:
    """'yes' when the ratio reaches the target, 'missed' when not, '-' without one."""
    if target is None:
        return "-"
    return "yes" if value >= target else "missed"


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain text table, each line starting with '# ' so JSON readers can skip it."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [header, ["-" * w for w in widths], *rows]
    return "\n".join(
        "# " + "  ".join(str(cell).ljust(w) for cell, w in zip(line, widths, strict=True))
        for line in lines
    )


REQUEST_FRAME = "WSGIHandler.__call__ ("
# The handler and middleware chain around every view: left out of the totals, where
# they would fill the top with the same ~90 % on every path.
WRAPPER = re.compile(
    r"^(WSGIHandler|BaseHandler|MiddlewareMixin|convert_exception_to_response)\b"
    r"|[Mm]iddleware\b.*__call__|[Mm]iddleware(\.<locals>)?\.middleware"
)
FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def frame_name(frame: str) -> str | None:
    """'get (django/db/models/query.py:123)' -> 'get (django/db/models/query.py)'; the
    process and thread frames py-spy adds (and anything else unreadable) -> None."""
    frame = frame.strip()
    if frame.startswith(("process ", "thread ")):
        return None
    found = FRAME.match(frame)
    if not found:
        return None
    path = found["file"].removeprefix(f"{ROOT}/")
    for marker in ("site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{found['function']} ({path})"


Shares = list[tuple[str, float]]


def top_functions(raw: str, limit: int = 12) -> tuple[Shares, Shares]:
    """From py-spy's raw (collapsed) format, one stack a line with its sample count:
    the functions with the most samples of their own (the stack's innermost frame)
    and in total (anywhere in the stack, once per stack, the request handler and
    middleware chain left out), as percentages of all samples."""
    own: Counter = Counter()
    total: Counter = Counter()
    samples = 0
    for line in raw.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        names = [name for name in map(frame_name, stack.split(";")) if name]
        # Above the request handler it is the same server loop for every sample.
        for i, name in enumerate(names):
            if name.startswith(REQUEST_FRAME):
                names = names[i:]
                break
        if not names:
            continue
        samples += n
        own[names[-1]] += n
        for name in set(names):
            if not WRAPPER.search(name):
                total[name] += n
    if not samples:
        return [], []

    def share(counter: Counter) -> Shares:
        return [(name, round(100 * n / samples, 1)) for name, n in counter.most_common(limit)]

    return share(own), share(total)
