"""Publishing tests: the Seoul trip (A4, names in four scripts, a call to Dublin) copied into
tmp_path, local bare repositories and folders only (no network), builds without PDFs so each
publish takes a second or two."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fixtures.mini_trip import private_copy

from generator.commands.publish import PublishOptions, PublishReport, publish

SEOUL = Path(__file__).resolve().parents[1] / "fixtures" / "seoul_phone"
TODAY = date(2027, 10, 1)
PASSPHRASE = "namsan tower at dawn, twice"


def git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    target = tmp_path / "seoul"
    shutil.copytree(SEOUL, target)
    return target


@pytest.fixture
def private_trip(tmp_path: Path) -> Path:
    return private_copy(tmp_path / "seoul-private", SEOUL)


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    """An empty bare repository, as GitHub holds one."""
    repo = tmp_path / "pages.git"
    git("init", "--quiet", "--bare", str(repo))
    return repo


Publisher = Callable[..., PublishReport]


@pytest.fixture
def run(tmp_path: Path) -> Publisher:
    """publish(content, **options): the library call the CLI makes, without PDFs, the output in
    tmp_path/site."""

    def call(
        content: Path,
        passphrase: str | None = PASSPHRASE,
        env: dict[str, str] | None = None,
        **options: object,
    ) -> PublishReport:
        environ = {
            k: v
            for k, v in os.environ.items()
            if k not in ("INFOPREP_PASSWORD", "SOURCE_DATE_EPOCH")
        }
        environ.update(env or {})
        if passphrase is not None:
            environ["INFOPREP_PASSWORD"] = passphrase
        settings: dict[str, object] = {
            "output": tmp_path / "site",
            "pdf": False,
            "today": TODAY,
            "environ": environ,
        }
        settings.update(options)
        return publish(PublishOptions(content=content, **settings))  # type: ignore[arg-type]

    return call


def branch_files(repo: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    """Every file of the branch's last commit, read back from the repository."""
    names = git("ls-tree", "-r", "-z", "--name-only", branch, cwd=repo).split("\0")
    return {
        n: subprocess.run(
            ["git", "show", f"{branch}:{n}"], cwd=repo, capture_output=True, check=True
        ).stdout
        for n in names
        if n
    }


def commits(repo: Path, branch: str = "gh-pages") -> list[str]:
    return git("rev-list", branch, cwd=repo).split()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: expected one {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
