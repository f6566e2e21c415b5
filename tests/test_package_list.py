"""Every package of the checkout is in ``pyproject.toml``'s explicit package list: an editable
install finds a package that list forgets, ``pip install .`` silently leaves it out (the CLI
once failed to start from a wheel because ``jixiao.commands`` was missing). Fast, no build: the
wheel itself is built and run in ``test_packaging.py`` (full profile)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from conftest import ROOT


def test_every_package_folder_is_listed_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setup = project["tool"]["setuptools"]
    listed = set(setup["packages"])
    found: set[str] = set()
    for folder, _, files in os.walk(ROOT / "jixiao", followlinks=True):  # engine, dsl, schemes
        if "__init__.py" in files:
            found.add(".".join(Path(folder).relative_to(ROOT).parts))
    assert "jixiao.commands" in found
    assert found == listed, (sorted(found - listed), sorted(listed - found))
    assert set(setup["package-dir"]) == listed
