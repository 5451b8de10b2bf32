"""The import contracts in pyproject.toml hold, and they have teeth: without one of
their listed exceptions, import-linter fails."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(config: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _contracts_toml(contracts: list[dict], settings: dict) -> str:
    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["[tool.importlinter]"] + [f"{k} = {value(v)}" for k, v in settings.items()]
    for contract in contracts:
        lines.append("\n[[tool.importlinter.contracts]]")
        lines += [f"{k} = {value(v)}" for k, v in contract.items()]
    return "\n".join(lines) + "\n"


def test_the_contracts_hold_and_break_without_an_exception(tmp_path):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contracts = config.pop("contracts")
    kept = _lint(ROOT / "pyproject.toml")
    assert kept.returncode == 0, kept.stdout[-2000:]

    with_exceptions = [c for c in contracts if c.get("ignore_imports")]
    assert with_exceptions, "no contract lists an exception"
    for contract in with_exceptions:
        for dropped in contract["ignore_imports"]:
            changed = [
                {**c, "ignore_imports": [i for i in c["ignore_imports"] if i != dropped]}
                if c is contract else c
                for c in contracts
            ]  # fmt: skip
            path = tmp_path / "contracts.toml"
            path.write_text(_contracts_toml(changed, config))
            broken = _lint(path)
            assert broken.returncode != 0, f"still kept without the exception {dropped!r}"
