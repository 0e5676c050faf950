"""The wheel as a user gets it: built from this checkout's files, installed (not editable) with
the locked dependencies into a fresh environment of its own.

uv does both. The build and the export run offline (`make python-deps` has put the build backend
and the lock's data in uv's cache); the install may ask PyPI for a locked package uv's cache does
not hold as `uv pip` needs it (seen for cffi), and otherwise takes them from the cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV = ROOT / ".tools" / "uv" / "bin" / "uv"
PACKAGE = ROOT / "plugins" / "policy_handbook"
# What a wheel is built from: the project's metadata, its README (the long description) and
# the package's folder.
SOURCES = ("pyproject.toml", "README.md", "plugins")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    python: Path


def _uv(*args: str, cwd: Path = ROOT) -> str:
    if not UV.exists():
        raise AssertionError(f"{UV} is missing: run `make python-deps` (make test does)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    result = subprocess.run(
        [str(UV), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"uv {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def package_files() -> set[str]:
    """Every file of the package in this checkout, as the wheel names it."""
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def build_wheel(work: Path) -> Path:
    """The wheel, built from a copy of the sources (setuptools writes build/ where it runs)."""
    source = work / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, source / name)
    _uv("build", "--wheel", "--offline", "--python", sys.executable, "-o", str(work / "dist"),
        cwd=source)  # fmt: skip
    (wheel,) = (work / "dist").glob("*.whl")
    return wheel


def install(wheel: Path, venv: Path) -> Installed:
    """A fresh environment with the locked runtime dependencies and the wheel, not editable."""
    requirements = venv.parent / "requirements.txt"
    requirements.write_text(
        _uv(
            "export",
            "--locked",
            "--offline",
            "--no-dev",
            "--no-emit-project",
            "--no-hashes",
            "--python",
            sys.executable,
            "--quiet",
        ),  # fmt: skip
        encoding="utf-8",
    )
    _uv("venv", "--quiet", "--python", sys.executable, str(venv))
    python = venv / "bin" / "python"
    _uv("pip", "install", "--quiet", "--python", str(python),
        "-r", str(requirements), str(wheel))  # fmt: skip
    return Installed(wheel, venv, python)


def run(installed: Installed, *args: str) -> subprocess.CompletedProcess[str]:
    """The environment's Python with `args`, run from outside this checkout."""
    return subprocess.run(
        [str(installed.python), *args],
        cwd=installed.venv,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def in_venv(installed: Installed, code: str) -> str:
    """What `code` prints, run by the environment's Python."""
    result = run(installed, "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout
