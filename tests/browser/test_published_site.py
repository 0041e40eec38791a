"""The sample trip published as a private site to a local bare repository, cloned from its branch,
served by a plain static server under a project-site path (as GitHub Pages serves /REPO/), and
unlocked in Chromium."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.commands.publish import PublishOptions, publish

from .conftest import PASSPHRASE, SAMPLE, TODAY
from .test_private_site import UNLOCK_FORM, unlock


def test_published_private_site_unlocks_from_a_clone_of_its_branch(
    page, http_server, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    remote = tmp_path / "dc-trip.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    report = publish(
        PublishOptions(
            content=SAMPLE,
            output=tmp_path / "site",
            remote=str(remote),
            private=True,
            pdf=False,
            today=TODAY,
            environ={"INFOPREP_PASSWORD": PASSPHRASE, "HOME": str(tmp_path)},
        )
    )
    assert report.private and report.commit is not None
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--branch", "gh-pages", str(remote), str(clone)], check=True
    )
    assert (clone / ".nojekyll").is_file() and not (clone / ".infoprep.json").exists()

    page.goto(http_server(clone, "dc-trip"))
    page.wait_for_selector(UNLOCK_FORM)
    assert "Alex Rivera" not in page.content()
    unlock(page)
    page.wait_for_selector("section.day")
    assert "Alex Rivera" in page.inner_text("main")
    assert page.title() == "Washington, D.C. informational interviews"
