"""``pip install .`` carries the seed articles (issue 18: an install outside the checkout knew
0 events): the wheel holds them as data, and the installed bot, run from elsewhere, finds them.
Built from a copy of the sources, so the checkout gets no build/ folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tinydb

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("bot", "store", "seeds"):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source),
                    "-w", str(out)], check=True, capture_output=True, timeout=300)
    [built] = out.glob("kz_parliament_bot-*.whl")
    return built


def test_the_wheel_holds_the_seed_articles(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    seeds = sorted(n.rsplit("/", 1)[1] for n in names
                   if "/data/share/kz-parliament-bot/seeds/" in n)
    assert seeds == sorted(p.name for p in SEEDS.iterdir() if p.suffix in {".txt", ".json"})
    assert any(n.endswith("bot/locale/ru/LC_MESSAGES/messages.mo") for n in names)


def install(wheel: Path, into: Path, how: str) -> tuple[str, dict[str, str]]:
    """The wheel installed ``how`` (into a venv of its own, or ``pip install --target``): the
    Python to run it with and its environment. The venv borrows this environment's packages
    for the dependencies (a .pth line), never the checkout."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "BOT_", "PYTHON"))}
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps"]
    if how == "target":
        subprocess.run([*pip, "--target", str(into), str(wheel)], check=True,
                       capture_output=True, timeout=300)
        env["PYTHONPATH"] = str(into)
        return sys.executable, env
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(into)], check=True,
                   timeout=120)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site_packages = into / "lib" / version / "site-packages"
    (site_packages / "dependencies.pth").write_text(str(Path(tinydb.__file__).parent.parent))
    subprocess.run([*pip, "--prefix", str(into), str(wheel)], check=True, capture_output=True,
                   timeout=300)
    return str(into / "bin" / "python"), env


@pytest.mark.parametrize("how", ["venv", "target"])
def test_the_installed_bot_seeds_a_new_database_away_from_the_checkout(
        wheel: Path, tmp_path: Path, how: str) -> None:
    python, env = install(wheel, tmp_path / "installed", how)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [python, "-c", "import bot.database as d; print(d.__file__); print(d.SEEDS_DIR)"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60, check=True)
    module, seeds = where.stdout.splitlines()
    installed = str(tmp_path / "installed")
    assert module.startswith(installed) and seeds.startswith(installed), where.stdout
    exported = subprocess.run(
        [python, "-m", "bot", "export", "--db", str(elsewhere / "data" / "bot.json")],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert exported.returncode == 0, exported.stderr
    assert len(json.loads(exported.stdout)["events"]) == len(list(SEEDS.glob("*.txt")))
