"""The built wheel works on its own: installed in a fresh venv, run from outside the checkout, it finds its themes.

The venv gets the wheel (no deps) and sees the dependencies through a .pth file pointing at a folder of
links to this venv's packages, leaving out the editable install of the checkout, so `generator` can only
come from the wheel. A missing package-data entry (themes, question bank, scaffold) fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest
from fixtures.mini_trip import ROOT

pytestmark = pytest.mark.slow


def run(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


def dependency_folder(target: Path) -> Path:
    """Links to every installed package of this venv except infoprep itself (editable finder, dist-info, .pth)."""
    site = Path(sysconfig.get_paths()["purelib"])
    target.mkdir()
    for entry in site.iterdir():
        name = entry.name.lower()
        if (
            name.startswith("__editable__")
            or name.startswith("infoprep")
            or name == "generator"
            or name.endswith(".pth")
        ):
            continue
        (target / entry.name).symlink_to(entry)
    return target


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("generator", "themes"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    run([sys.executable, "-m", "build", "--wheel", "--outdir", base / "dist", source], cwd=base)
    [wheel] = list((base / "dist").glob("infoprep-*.whl"))

    env_dir = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", env_dir], cwd=base)
    python = env_dir / "bin" / "python"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        cwd=base,
    )
    purelib = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base
    ).stdout.strip()
    (Path(purelib) / "infoprep_test_deps.pth").write_text(
        f"{dependency_folder(base / 'deps')}\n", encoding="utf-8"
    )
    return env_dir


def clean_env(venv: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "SOURCE_DATE_EPOCH")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_wheel_is_imported_not_the_checkout(venv: Path, tmp_path: Path) -> None:
    code = (
        "import generator, generator.render.theme as t, importlib.metadata as m; "
        "print(generator.__file__); print(t.THEMES_DIR); print(m.version('infoprep'))"
    )
    out = run(
        [venv / "bin" / "python", "-c", code], cwd=tmp_path, env=clean_env(venv)
    ).stdout.splitlines()
    module, themes, version = out
    assert Path(module).resolve().is_relative_to(venv.resolve()), module
    assert Path(themes).resolve().is_relative_to(venv.resolve()), themes
    assert (Path(themes) / "default" / "templates" / "packet.html").is_file()
    assert version == metadata.version(
        "infoprep"
    )  # the same project version as the checkout's install


def test_installed_command_new_check_build(venv: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env(venv)
    infoprep = venv / "bin" / "infoprep"
    assert infoprep.read_text(encoding="utf-8").startswith(f"#!{venv}")
    run([infoprep, "new", "X"], cwd=work, env=env)
    checked = run([infoprep, "check", "X"], cwd=work, env=env)
    assert "0 errors" in checked.stdout
    built = run([infoprep, "build", "X", "-o", "Y", "--no-pdf"], cwd=work, env=env)
    assert "Built" in built.stdout
    site = work / "Y"
    assert (site / "index.html").is_file()
    assert (site / "static" / "style.css").stat().st_size > 0  # the theme's static files were found
    packets = list((site / "meetings").glob("*/index.html"))
    assert packets
    # the theme's packet template
    assert '<section class="questions"' in packets[0].read_text(encoding="utf-8")
    # package data: the built-in bank, copied by `new`
    assert (work / "X" / "questions.yaml").is_file()
    assert not (ROOT / "X").exists() and not (ROOT / "Y").exists()


def test_installed_wheel_speaks_german(venv: Path, tmp_path: Path) -> None:
    """The catalogs are package data: a wheel builds a German trip in German (generator/locale/*.po)."""
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = clean_env(venv)
    infoprep = venv / "bin" / "infoprep"
    run([infoprep, "new", "X"], cwd=work, env=env)
    trip = work / "X" / "trip.yaml"
    text = trip.read_text(encoding="utf-8")
    trip.write_text(text.replace("defaults:\n", "defaults:\n  language: de\n", 1), encoding="utf-8")
    assert "language: de" in trip.read_text(encoding="utf-8")
    run([infoprep, "build", "X", "-o", "Y", "--no-pdf"], cwd=work, env=env)
    index = (work / "Y" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in index and "Reiseplan" in index
