"""PNG previews: one per floor and an overview, drawn with real Chinese glyphs."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib import rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread
from shapely.geometry import Polygon, box

from layout.export import png
from layout.export.fonts import font_families
from tests.previews_helpers import load_plan, rotated, with_openings


def _ink(image: np.ndarray) -> float:
    """Share of pixels that are not white."""
    rgb = image[..., :3]
    return float((rgb.min(axis=2) < 0.9).mean())


def _render_text(text: str) -> np.ndarray:
    fig = Figure(figsize=(1.2, 0.6), dpi=100, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, text, fontfamily=font_families(), fontsize=24, ha="center", va="center")
    canvas.draw()
    return np.asarray(canvas.buffer_rgba(), dtype=float)[..., :3] / 255.0


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list]:
    out = tmp_path_factory.mktemp("previews")
    plan = with_openings(load_plan())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = png.write_previews(plan, out, "plan")
    return paths, caught


def test_one_png_per_floor_and_an_overview(written: tuple[list[Path], list]) -> None:
    paths, _ = written
    assert [p.name for p in paths] == ["plan-1F.png", "plan-2F.png", "plan-overview.png"]
    for path in paths:
        image = imread(path)
        assert image.shape[0] > 300 and image.shape[1] > 600
        assert _ink(image) > 0.2  # coloured rooms, not a blank sheet


def test_floor_preview_is_drawn_at_1_to_100(written: tuple[list[Path], list]) -> None:
    paths, _ = written
    image = imread(paths[0])
    # 36 m at 1:100 and 100 dpi is 1417 px; the sheet adds margins and the legend.
    assert 1417 < image.shape[1] < 1417 + 600
    fig = png.floor_figure(load_plan(), load_plan()["floors"][0])
    ax = fig.axes[0]
    x0, x1 = ax.get_xlim()
    px = ax.get_position().width * fig.get_figwidth() * fig.dpi
    assert px / (x1 - x0) == pytest.approx(1000 / 25.4, rel=1e-3)  # px per m at 1:100


def test_no_glyph_missing_warnings(written: tuple[list[Path], list]) -> None:
    _, caught = written
    messages = [str(w.message) for w in caught]
    assert not [m for m in messages if "missing" in m.lower() or "glyph" in m.lower()], messages


def test_chinese_labels_are_real_glyphs() -> None:
    """A hanzi drawn with the bundled font has ink and is not the .notdef box of a missing one."""
    hanzi = _render_text("厅")
    other = _render_text("室")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # this one is meant to be missing
        unknown = _render_text("\U000f0000")  # private use: drawn as the .notdef box
    assert _ink(hanzi) > 0.01
    assert not np.allclose(hanzi, other)
    assert not np.allclose(hanzi, unknown)


def test_rcparams_untouched(tmp_path: Path) -> None:
    before = dict(rcParams)
    png.write_previews(load_plan(), tmp_path, "x")
    assert dict(rcParams) == before


def test_openings_change_the_drawing() -> None:
    """Doors and windows are drawn when the plan has them, and absent ones draw nothing."""

    def pixels(plan: dict) -> np.ndarray:
        fig = png.floor_figure(plan, plan["floors"][0])
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba(), dtype=float)

    a, b = pixels(load_plan()), pixels(with_openings(load_plan()))
    assert a.shape == b.shape
    assert np.abs(a - b).sum() > 100


def test_rotated_plan_draws_and_labels_fit(tmp_path: Path) -> None:
    plan = rotated(with_openings(load_plan()), 30.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = png.write_previews(plan, tmp_path, "rot")
    assert len(paths) == 3
    assert _ink(imread(paths[0])) > 0.15


def test_small_room_gets_a_number_in_the_legend() -> None:
    plan = load_plan()
    small = copy.deepcopy(plan)
    floor = small["floors"][0]
    room = next(r for r in floor["rooms"] if r["id"] == "nursing")
    x0, y0 = room["polygon"][0]
    room["polygon"] = [[x0, y0], [x0 - 0.6, y0], [x0 - 0.6, y0 + 0.6], [x0, y0 + 0.6]]
    room["area"] = 0.36
    fig = png.floor_figure(small, floor)
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any("母婴室" in t and t.startswith("①") for t in texts), texts


def test_bare_plan_without_frame_entrance_or_openings(tmp_path: Path) -> None:
    """A hand-made one-floor plan at an odd angle: main direction found from the walls."""
    plan = rotated(load_plan(), 37.0)
    plan.pop("frame")
    plan["requirements"].pop("entrance")
    plan["floors"] = plan["floors"][:1]
    assert png._main_angle(plan, plan["floors"][0]) == pytest.approx(37.0, abs=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        paths = png.write_previews(plan, tmp_path, "bare")
    assert [p.name for p in paths] == ["bare-1F.png", "bare-overview.png"]


def test_labels_keep_clear_of_door_swings() -> None:
    """On the fixture, the old placement put three labels over a door leaf's swing (the
    accessible toilet's name, the nursing room's, a stair's area)."""
    plan = with_openings(load_plan())
    overlaps = []
    for floor in plan["floors"]:
        fig = png.floor_figure(plan, floor)
        fig.canvas.draw()
        ax = fig.axes[0]
        shapes = {r["id"]: Polygon(r["polygon"]) for r in floor["rooms"]}
        footprint = Polygon(floor["footprint"])
        swings = [
            wedge
            for door in floor["doors"]
            for wedge in png._door_shape(door, shapes, footprint).swings()
        ]
        assert swings
        to_data = ax.transData.inverted()
        renderer = fig.canvas.get_renderer()
        for text in ax.texts:
            extent = text.get_window_extent(renderer)
            (x0, y0), (x1, y1) = to_data.transform([(extent.x0, extent.y0), (extent.x1, extent.y1)])
            area = box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            overlaps += [text.get_text() for w in swings if area.intersection(w).area > 1e-3]
    assert overlaps == []
