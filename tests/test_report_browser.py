"""The HTML report in a real browser (headless Chromium): tables in the DOM, drawings with ink.

Skipped where no ``chromium`` is installed; CI installs Debian's package when it can.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from constraints.rules import check_plan
from layout.export.report import write_reports
from layout.export.style import style_of
from tests.previews_helpers import load_plan, with_openings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH")


def _chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--disable-gpu",
        "--no-sandbox",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'profile'}",
        *args,
    ]
    env = {"HOME": str(tmp), "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, capture_output=True, text=True, timeout=90, env=env)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("browser")
    plan = with_openings(load_plan())
    _, html_path = write_reports(plan, out, "plan")
    return html_path, plan


def test_rule_table_is_in_the_dom(page: tuple[Path, dict], tmp_path: Path) -> None:
    html_path, plan = page
    done = _chromium(tmp_path, "--dump-dom", html_path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert '<table class="rules">' in dom
    for result in check_plan(plan):
        assert f"<code>{result.rule}</code>" in dom
    assert dom.count("<svg") == len(plan["floors"]) + 1


def test_drawings_render_with_ink(page: tuple[Path, dict], tmp_path: Path) -> None:
    """The first screen shows the overview drawing: its room colours are on the screenshot."""
    html_path, _ = page
    shot = tmp_path / "shot.png"
    done = _chromium(
        tmp_path, "--window-size=1280,1100", f"--screenshot={shot}", html_path.as_uri()
    )
    assert shot.exists(), done.stderr[-2000:]
    image = imread(shot)[..., :3]
    # Below the title lines, where the overview drawing sits.
    drawing = image[250:1100]
    assert float((drawing.min(axis=2) < 0.9).mean()) > 0.05
    for function in ("service", "display", "party", "culture"):
        rgb = np.array(style_of(function).rgb) / 255.0
        close = (np.abs(drawing - rgb).max(axis=2) < 0.03).sum()
        assert close > 500, function
