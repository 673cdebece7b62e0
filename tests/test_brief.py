"""Loading briefs: a valid brief gives the right values; every kind of bad input raises an
InputError that names the file, the field and a fix (and nothing else escapes)."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import ezdxf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon

from constraints.standard import Preference
from layout.brief import Brief, ExtraRoom, RoomOverride, load_brief
from layout.dxf_footprint import CHORD_TOLERANCE_M
from layout.errors import InputError
from layout.programme import build_programme

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

VALID = """\
[site]
name = "万润社区党群服务中心"
standard = "community"

[footprint]
polygon = [[0, 0], [36, 0], [36, 16], [0, 16], [0, 0]]
holes = [[[10, 6], [14, 6], [14, 10], [10, 10]]]

[building]
floors = 3

[[building.floor]]
level = 3
polygon = [[0, 0], [20, 0], [20, 16], [0, 16]]

[entrance]
point = [18, 0]

[layout]
module = 0.6
corridor_width = 2.1
door_width = 1.2
stairs = 2
corridors_per_floor = 2

[solver]
time_limit = 12.5
seed = 7
workers = 4
deterministic = true

[programme]
scale = 1.2

[programme.rooms.service-hall]
min_area = 180
max_area = 260
floors = [1]
name = "便民服务大厅"

[programme.rooms.fitness]
remove = true

[[programme.add]]
id = "library-2"
function = "culture"
name = "第二阅览室"
min_area = 40
max_area = 60
floors = [2]

[preferences]
weights = { adjacent = 2.0, separate = 0.5 }

[[preferences.add]]
kind = "adjacent"
a = "library-2"
b = "reading"
weight = 4

[[preferences.add]]
kind = "separate"
quiet = ["library-2"]
noisy = ["multi-purpose"]
weight = 6

[[preferences.add]]
kind = "floor"
rooms = ["library-2", "reading"]
floors = [3, 2]
weight = 3
"""


def variant(old: str, new: str) -> str:
    """VALID with one exact snippet replaced (fails loudly if the snippet is not there)."""
    assert VALID.count(old) == 1, f"snippet not found exactly once: {old!r}"
    return VALID.replace(old, new)


def write(tmp_path: Path, text: str | bytes, name: str = "brief.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> InputError:
    """The InputError loading ``path`` raises, after checking it names the file and a fix."""
    with pytest.raises(InputError) as info:
        load_brief(path)
    err = info.value
    assert err.file == str(path)
    assert err.fix.strip()
    assert f"\n  fix: {err.fix}" in str(err)
    return err


def error_for(tmp_path: Path, text: str | bytes) -> InputError:
    return load_error(write(tmp_path, text))


# ---- a valid brief ------------------------------------------------------------------------


def test_valid_brief_loads_with_its_values(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    brief = load_brief(path)

    assert isinstance(brief, Brief)
    assert brief.path == path
    assert brief.stem == "brief"
    assert brief.site_name == "万润社区党群服务中心"
    assert brief.standard == "community"
    assert brief.floors == 3
    assert brief.entrance == (18.0, 0.0)

    fp = brief.footprint
    assert fp.is_valid
    assert fp.exterior.is_ccw  # oriented
    assert len(fp.exterior.coords) == 5  # the repeated closing point was dropped
    assert len(fp.interiors) == 1
    assert fp.area == pytest.approx(36 * 16 - 16)
    assert set(brief.floor_footprints) == {3}
    assert brief.footprint_for(3).area == pytest.approx(320)
    assert brief.footprint_for(2) is fp

    assert brief.layout.module == 0.6
    assert brief.layout.corridor_width == 2.1
    assert brief.layout.door_width == 1.2
    assert brief.layout.stairs == 2
    assert brief.layout.corridors_per_floor == 2
    assert brief.solver.time_limit == 12.5
    assert brief.solver.seed == 7
    assert brief.solver.workers == 4
    assert brief.solver.deterministic is True

    assert brief.programme_scale == 1.2
    assert brief.room_overrides == (
        RoomOverride(
            id="service-hall", min_area=180, max_area=260, floors=(1,), name="便民服务大厅"
        ),
        RoomOverride(id="fitness", remove=True),
    )
    assert brief.extra_rooms == (
        ExtraRoom(
            id="library-2",
            function="culture",
            name="第二阅览室",
            min_area=40,
            max_area=60,
            floors=(2,),
        ),
    )
    assert brief.preference_weights == {"adjacent": 2.0, "separate": 0.5, "floor": 1.0}
    assert brief.extra_preferences == (
        Preference(kind="adjacent", weight=4, a="library-2", b="reading", source="brief"),
        Preference(
            kind="separate",
            weight=6,
            quiet=("library-2",),
            noisy=("multi-purpose",),
            source="brief",
        ),
        Preference(
            kind="floor", weight=3, rooms=("library-2", "reading"), floors=(2, 3), source="brief"
        ),
    )


def test_minimal_brief_gets_the_defaults(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, (SAMPLES / "community-rect.toml").read_text("utf-8")))
    assert brief.layout.module == 0.3
    assert brief.layout.corridor_width is None
    assert brief.layout.stairs is None
    assert brief.solver.time_limit == 60.0
    assert brief.programme_scale == 1.0
    assert brief.room_overrides == () and brief.extra_rooms == ()
    assert brief.floor_footprints == {}


def test_relative_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, VALID)
    monkeypatch.chdir(tmp_path)
    assert load_brief("brief.toml").path == Path("brief.toml")


def test_entrance_slightly_off_the_wall_is_moved_onto_it(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, variant("point = [18, 0]", "point = [18, -0.3]")))
    assert brief.entrance == pytest.approx((18.0, 0.0))


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, b"\xef\xbb\xbf" + VALID.encode("utf-8")))
    assert brief.site_name == "万润社区党群服务中心"


# ---- the file -----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    err = load_error(tmp_path / "nope.toml")
    assert err.field == ""
    assert "not found" in err.problem
    assert "samples/" in err.fix


def test_directory(tmp_path: Path) -> None:
    write(tmp_path, VALID, "inside.toml")
    err = load_error(tmp_path)
    assert err.field == ""
    assert "directory" in err.problem
    assert "inside.toml" in err.fix


def test_not_utf8(tmp_path: Path) -> None:
    err = error_for(tmp_path, VALID.encode("gbk"))
    assert err.field == ""
    assert "UTF-8" in err.problem
    assert "UTF-8" in err.fix


def test_malformed_toml_names_line_and_nearest_field(tmp_path: Path) -> None:
    err = error_for(
        tmp_path, variant('name = "万润社区党群服务中心"', "name = 万润社区党群服务中心")
    )
    assert err.field == "site.name"
    assert "not valid TOML" in err.problem
    assert "line 2" in err.problem
    assert "line 2" in err.fix


# ---- keys ---------------------------------------------------------------------------------


def test_unknown_top_level_key(tmp_path: Path) -> None:
    err = error_for(tmp_path, "[sight]\nname = 'x'\n" + VALID)
    assert err.field == "sight"
    assert "unknown key 'sight'" in err.problem
    assert "allowed keys: site, footprint, building, entrance" in err.problem
    assert "did you mean 'site'" in err.fix


def test_unknown_nested_key(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("module = 0.6", "modul = 0.6"))
    assert err.field == "layout.modul"
    assert "corridor_width" in err.problem
    assert "did you mean 'module'" in err.fix


def test_unknown_key_deep_in_a_room_override(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("min_area = 180", "min_aera = 180"))
    assert err.field == "programme.rooms.service-hall.min_aera"
    assert "did you mean 'min_area'" in err.fix


def test_missing_required_key(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('name = "万润社区党群服务中心"\n', ""))
    assert err.field == "site.name"
    assert "missing" in err.problem
    assert "add name = " in err.fix


def test_missing_required_table(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("[entrance]\npoint = [18, 0]\n", ""))
    assert err.field == "entrance"
    assert "add a [entrance] table" in err.fix


def test_wrong_type(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("floors = 3", 'floors = "3"'))
    assert err.field == "building.floors"
    assert "whole number" in err.problem and 'the string "3"' in err.problem
    assert "floors = 2" in err.fix


def test_wrong_type_of_a_point(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("[36, 0], [36, 16], [0, 16], [0, 0]", '[36, "0"], [36, 16]'))
    assert err.field == "footprint.polygon[1]"
    assert "two numbers" in err.problem
    assert "[36, 16]" in err.fix


# ---- geometry -----------------------------------------------------------------------------

POLYGON = "polygon = [[0, 0], [36, 0], [36, 16], [0, 16], [0, 0]]"


def test_self_intersecting_polygon(tmp_path: Path) -> None:
    bow_tie = "polygon = [[0, 0], [36, 16], [36, 0], [0, 16]]"
    err = error_for(tmp_path, variant(POLYGON, bow_tie))
    assert err.field == "footprint.polygon"
    assert "crosses itself at [18, 8]" in err.problem
    assert "no two edges cross" in err.fix


def test_degenerate_polygon_two_points(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant(POLYGON, "polygon = [[0, 0], [36, 0], [0, 0]]"))
    assert err.field == "footprint.polygon"
    assert "degenerate" in err.problem and "2 distinct" in err.problem
    assert "every corner" in err.fix


def test_degenerate_polygon_zero_area(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant(POLYGON, "polygon = [[0, 0], [18, 0], [36, 0]]"))
    assert err.field == "footprint.polygon"
    assert "degenerate" in err.problem and "zero area" in err.problem
    assert "real outline" in err.fix


def test_tiny_polygon(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant(POLYGON, "polygon = [[0, 0], [0.5, 0], [0.5, 0.5]]"))
    assert err.field == "footprint.polygon"
    assert "less than 1 m²" in err.problem
    assert "metres" in err.fix


def test_hole_outside_the_polygon(tmp_path: Path) -> None:
    err = error_for(
        tmp_path,
        variant(
            "[[10, 6], [14, 6], [14, 10], [10, 10]]", "[[30, 10], [40, 10], [40, 14], [30, 14]]"
        ),
    )
    assert err.field == "footprint.holes[0]"
    assert "not inside" in err.problem and "16 m²" in err.problem
    assert "inside footprint.polygon" in err.fix


def test_overlapping_holes(tmp_path: Path) -> None:
    two = "[[10, 6], [14, 6], [14, 10], [10, 10]], [[12, 8], [16, 8], [16, 12], [12, 12]]"
    err = error_for(tmp_path, variant("[[10, 6], [14, 6], [14, 10], [10, 10]]", two))
    assert err.field == "footprint.holes[1]"
    assert "overlap by 4 m²" in err.problem
    assert "merge" in err.fix


def test_coordinates_must_be_metres_near_the_origin(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("[36, 16], [0, 16], [0, 0]]", "[36, 160000], [0, 16]]"))
    assert err.field == "footprint.polygon[2]"
    assert "beyond" in err.problem
    assert "millimetres" in err.fix


def test_footprint_too_large(tmp_path: Path) -> None:
    huge = "polygon = [[0, 0], [1000, 0], [1000, 1000], [0, 1000]]"
    err = error_for(tmp_path, variant(POLYGON, huge))
    assert err.field == "footprint.polygon"
    assert "1000000 m²" in err.problem
    assert "metres" in err.fix


def test_floor_override_is_validated_like_the_footprint(tmp_path: Path) -> None:
    text = variant(
        "polygon = [[0, 0], [20, 0], [20, 16], [0, 16]]",
        "polygon = [[0, 0], [20, 16], [20, 0], [0, 16]]",
    )
    err = error_for(tmp_path, text)
    assert err.field == "building.floor[0].polygon"
    assert "crosses itself" in err.problem
    assert "no two edges cross" in err.fix


def test_floor_override_level_must_exist(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("level = 3", "level = 4"))
    assert err.field == "building.floor[0].level"
    assert "from 2 to 3" in err.problem
    assert "level = 2" in err.fix


def test_entrance_off_the_boundary(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("point = [18, 0]", "point = [18, 3]"))
    assert err.field == "entrance.point"
    assert "3 m from" in err.problem
    assert "nearest boundary point is [18, 0]" in err.problem
    assert "point = [18, 0]" in err.fix


def test_entrance_on_a_courtyard_is_not_on_the_outer_boundary(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("point = [18, 0]", "point = [12, 6]"))
    assert err.field == "entrance.point"
    assert "6 m from" in err.problem


# ---- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "fix"),
    [
        ("floors = 3", "floors = 0", "building.floors", "from 1 to 10"),
        ("floors = 3", "floors = 50", "building.floors", "from 1 to 10"),
        ("module = 0.6", "module = -1", "layout.module", "module = 0.3"),
        ("min_area = 180", "min_area = -5", "programme.rooms.service-hall.min_area", "greater"),
        ("time_limit = 12.5", "time_limit = 0", "solver.time_limit", "time_limit = 60"),
        ("seed = 7", "seed = -1", "solver.seed", "seed = 0"),
        ("workers = 4", "workers = 65", "solver.workers", "from 0 to 64"),
        ("scale = 1.2", "scale = 10", "programme.scale", "from 0.2 to 5"),
        ("corridor_width = 2.1", "corridor_width = inf", "layout.corridor_width", "= 1.8"),
        ("weight = 4", "weight = 5000", "preferences.add[0].weight", "from 0 to 1000"),
    ],
)
def test_out_of_range_numbers(tmp_path: Path, old: str, new: str, field: str, fix: str) -> None:
    err = error_for(tmp_path, variant(old, new))
    assert err.field == field
    assert fix in err.fix


def test_stairs_zero_needs_a_single_floor(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("stairs = 2", "stairs = 0"))
    assert err.field == "layout.stairs"
    assert "3 floors" in err.problem
    assert "stairs = 2" in err.fix


def test_a_lift_is_read_and_needs_two_floors(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, variant("stairs = 2", "stairs = 2\nlift = true")))
    assert brief.layout.lift is True
    assert load_brief(write(tmp_path, VALID)).layout.lift is False
    one_floor = """
[site]
name = "one floor"
standard = "community"
[footprint]
polygon = [[0, 0], [40, 0], [40, 30], [0, 30]]
[building]
floors = 1
[entrance]
point = [20, 0]
[layout]
lift = true
"""
    err = error_for(tmp_path, one_floor)
    assert err.field == "layout.lift"
    assert "one floor" in err.problem
    assert "floors to 2 or more" in err.fix


def test_street_frontage_can_be_switched_off(tmp_path: Path) -> None:
    """On by default (the standard names the rooms); ``false`` leaves the rule without rooms."""
    on = load_brief(write(tmp_path, VALID))
    assert on.layout.street_frontage is True
    assert build_programme(on)[0].design.street_front == ("display", "service-hall")
    off = load_brief(write(tmp_path, variant("stairs = 2", "stairs = 2\nstreet_frontage = false")))
    assert off.layout.street_frontage is False
    assert build_programme(off)[0].design.street_front == ()
    err = error_for(tmp_path, variant("stairs = 2", 'stairs = 2\nstreet_frontage = "no"'))
    assert err.field == "layout.street_frontage"


def test_max_area_below_min_area(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("max_area = 260", "max_area = 100"))
    assert err.field == "programme.rooms.service-hall.max_area"
    assert "below min_area = 180" in err.problem
    assert "at least 180" in err.fix


def test_room_floor_beyond_the_building(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("floors = [2]", "floors = [4]"))
    assert err.field == "programme.add[0].floors"
    assert "floor 4 does not exist" in err.problem
    assert "building.floors" in err.fix


# ---- programme and preferences ------------------------------------------------------------


def test_unknown_standard(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('standard = "community"', 'standard = "comunity"'))
    assert err.field == "site.standard"
    assert "unknown standard 'comunity'" in err.problem
    assert '"community"' in err.fix and '"street"' in err.fix


def test_unknown_room_id_in_overrides(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("[programme.rooms.fitness]", "[programme.rooms.fitnes]"))
    assert err.field == "programme.rooms.fitnes"
    assert "not in the 'community' standard" in err.problem
    assert "did you mean 'fitness'" in err.fix
    assert "[[programme.add]]" in err.fix


def test_remove_with_other_keys(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("remove = true", "remove = true\nmin_area = 10"))
    assert err.field == "programme.rooms.fitness.remove"
    assert "min_area" in err.problem
    assert "delete" in err.fix


def test_duplicate_added_room_id(tmp_path: Path) -> None:
    again = (
        '[[programme.add]]\nid = "library-2"\nfunction = "support"\nname = "库房"\nmin_area = 9\n'
    )
    err = error_for(tmp_path, variant("[preferences]\n", again + "\n[preferences]\n"))
    assert err.field == "programme.add[1].id"
    assert "already used by programme.add[0]" in err.problem
    assert '"library-2-2"' in err.fix


def test_added_room_id_taken_by_the_standard(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('id = "library-2"', 'id = "reading"'))
    assert err.field == "programme.add[0].id"
    assert "already a room of the 'community' standard" in err.problem
    assert "[programme.rooms.reading]" in err.fix


def test_added_room_id_format(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('id = "library-2"', 'id = "Library 2"'))
    assert err.field == "programme.add[0].id"
    assert 'id = "library-2"' in err.fix


def test_added_room_function(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('function = "culture"', 'function = "cultur"'))
    assert err.field == "programme.add[0].function"
    assert "did you mean 'culture'" in err.fix


def test_preference_names_an_unknown_room(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('b = "reading"', 'b = "readin"'))
    assert err.field == "preferences.add[0].b"
    assert "unknown room 'readin'" in err.problem
    assert "did you mean 'reading'" in err.fix


def test_preference_names_a_removed_room(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('noisy = ["multi-purpose"]', 'noisy = ["fitness"]'))
    assert err.field == "preferences.add[1].noisy"
    assert "removed" in err.problem
    assert "keep the room" in err.fix


def test_preference_key_of_another_kind(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant('b = "reading"', 'b = "reading"\nrooms = ["reading"]'))
    assert err.field == "preferences.add[0].rooms"
    assert "allowed keys: kind, weight, a, b" in err.problem


def test_preference_weights_kind(tmp_path: Path) -> None:
    err = error_for(tmp_path, variant("separate = 0.5", "seperate = 0.5"))
    assert err.field == "preferences.weights.seperate"
    assert "did you mean 'separate'" in err.fix


# ---- samples and robustness ---------------------------------------------------------------


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_sample_loads(sample: Path) -> None:
    brief = load_brief(sample)
    assert brief.footprint.is_valid
    assert brief.footprint.exterior.distance(Point(brief.entrance)) < 0.01


def test_the_samples(tmp_path: Path) -> None:
    names = {p.stem for p in SAMPLES.glob("*.toml")}
    assert {"community-rect", "corner-l", "street-3f", "courtyard", "small-200"} <= names

    rect = load_brief(SAMPLES / "community-rect.toml")
    assert (rect.site_name, rect.standard, rect.floors) == ("万润社区党群服务中心", "community", 2)
    assert rect.footprint.area == 36 * 16 and rect.entrance == (18, 0)

    street = load_brief(SAMPLES / "street-3f.toml")
    assert (street.standard, street.floors, street.footprint.area) == ("street", 3, 54 * 18)

    court = load_brief(SAMPLES / "courtyard.toml")
    outer = court.footprint.exterior
    assert len(court.footprint.interiors) == 1
    assert 740 < court.footprint.area + 60 < 820
    edges = list(zip(outer.coords[:-1], outer.coords[1:], strict=True))
    longest = max(edges, key=lambda e: math.dist(*e))
    middle = ((longest[0][0] + longest[1][0]) / 2, (longest[0][1] + longest[1][1]) / 2)
    assert math.dist(middle, court.entrance) < 0.01

    small = load_brief(SAMPLES / "small-200.toml")
    assert (small.floors, small.layout.stairs, small.footprint.area) == (1, 0, 200)


_LINES = VALID.splitlines()
_VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(['"x"', '""', "true", "[]", "[[0, 0]]", "{}", "1979-05-27", "[1, 2, 3]"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.integers(0, len(_LINES) - 1), value=_VALUES)
def test_any_changed_value_gives_a_brief_or_an_input_error(
    tmp_path: Path, line: int, value: str
) -> None:
    lines = list(_LINES)
    if "=" in lines[line]:
        lines[line] = lines[line].split("=", 1)[0] + "= " + value
    path = write(tmp_path, "\n".join(lines))
    try:
        load_brief(path)
    except InputError as err:
        assert err.file == str(path) and err.fix


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_any_bytes_give_an_input_error(tmp_path: Path, data: bytes) -> None:
    err = error_for(tmp_path, data)
    assert err.field is not None


# ---- footprint from a DXF drawing ---------------------------------------------------------

DXF_BRIEF = """\
[site]
name = "测试"
standard = "community"
[footprint]
{footprint}
[building]
floors = 2
[entrance]
point = {entrance}
"""


def dxf_brief(tmp_path: Path, footprint: str, entrance: str = "[18, 0]") -> Path:
    return write(tmp_path, DXF_BRIEF.format(footprint=footprint, entrance=entrance))


def drawing(tmp_path: Path, name: str = "site.dxf", units: int = 4) -> tuple[Any, Path]:
    """A new drawing (model space) and where to save it; ``units`` is $INSUNITS."""
    doc = ezdxf.new("R2010")
    doc.header["$INSUNITS"] = units
    return doc, tmp_path / name


def test_the_dxf_sample_reads_outline_arc_slant_and_hole() -> None:
    brief = load_brief(SAMPLES / "from-dxf.toml")
    shape = brief.footprint
    assert shape.is_valid and shape.exterior.is_ccw and len(shape.interiors) == 1
    hole = Polygon(shape.interiors[0])
    assert hole.area == pytest.approx(16.0) and hole.bounds == (8, 6, 12, 10)
    # the bowed east facade: chord 14 m, sagitta 1.5 m, flattened within 50 mm
    radius = (7.0**2 + 1.5**2) / (2 * 1.5)
    angle = 4 * math.atan(2 * 1.5 / 14)
    segment = radius**2 / 2 * (angle - math.sin(angle))
    exact = 40 * 14 + 22 * 12 - 4 * 4 / 2 + segment - 16
    assert exact - 14.6 * CHORD_TOLERANCE_M < shape.area < exact
    centre = (40 - (radius - 1.5), 7.0)
    bow = [p for p in shape.exterior.coords if p[0] > 40]
    assert len(bow) >= 5
    for p in bow:
        assert abs(math.dist(p, centre) - radius) < 0.002  # vertices on the arc (to 1 mm)
    assert Point(2, 24).distance(shape.exterior) < 1e-9  # on the slanted wall (4, 26)-(0, 22)
    assert brief.entrance == (20, 0)


def test_dxf_lines_and_arcs_that_close_in_metres(tmp_path: Path) -> None:
    doc, path = drawing(tmp_path, units=6)
    msp = doc.modelspace()
    for a, b in [((0, 0), (30, 0)), ((30, 0), (30, 12)), ((6, 18), (0, 12)), ((0, 12), (0, 0))]:
        msp.add_line(a, b, dxfattribs={"layer": "Outline"})
    msp.add_arc((24, 12), 6, 0, 90, dxfattribs={"layer": "Outline"})  # (30, 12) to (24, 18)
    msp.add_line((24, 18), (6, 18), dxfattribs={"layer": "Outline"})
    msp.add_circle((10, 6), 1.5, dxfattribs={"layer": "Outline"})  # a round shaft: a hole
    shaft = [(20, 4), (22, 4), (22, 6), (20, 6)]
    msp.add_polyline2d(shaft, close=True, dxfattribs={"layer": "Outline"})  # old-style POLYLINE
    msp.add_lwpolyline([(-5, -5), (40, -5), (40, 30)], dxfattribs={"layer": "Site"})  # open
    doc.saveas(path)
    brief = load_brief(dxf_brief(tmp_path, 'dxf = "site.dxf"\nlayer = "OUTLINE"'))
    quarter = 6 * 6 - math.pi * 36 / 4
    exact = 30 * 18 - 6 * 6 / 2 - quarter - math.pi * 1.5**2 - 4
    assert brief.footprint.area == pytest.approx(exact, abs=0.5)
    assert len(brief.footprint.interiors) == 2
    # without a layer the open site polyline is ignored: only closed outlines count
    assert load_brief(dxf_brief(tmp_path, 'dxf = "site.dxf"')).footprint.equals(brief.footprint)


def test_dxf_units(tmp_path: Path) -> None:
    for units, scale in ((4, 1000), (5, 100), (6, 1), (0, 1000)):  # 0: no units, taken as mm
        doc, path = drawing(tmp_path, units=units)
        corners = [(0, 0), (36, 0), (36, 16), (0, 16)]
        doc.modelspace().add_lwpolyline([(x * scale, y * scale) for x, y in corners], close=True)
        doc.saveas(path)
        assert load_brief(dxf_brief(tmp_path, 'dxf = "site.dxf"')).footprint.area == 576
    brief = dxf_brief(tmp_path, 'dxf = "site.dxf"\nunits = "mm"')  # overrides $INSUNITS 0
    assert load_brief(brief).footprint.bounds == (0, 0, 36, 16)
    doc, path = drawing(tmp_path, units=6)
    doc.modelspace().add_lwpolyline([(0, 0), (36, 0), (36, 16), (0, 16)], close=True)
    doc.saveas(path)
    err = load_error(dxf_brief(tmp_path, 'dxf = "site.dxf"\nunits = "mm"'))
    assert err.field == "footprint.dxf" and "0.0006 m²" in err.problem and 'units = "m"' in err.fix


def dxf_error(tmp_path: Path, footprint: str = 'dxf = "site.dxf"') -> InputError:
    err = load_error(dxf_brief(tmp_path, footprint))
    assert err.file == str(tmp_path / "brief.toml") and err.fix
    return err


def test_dxf_missing_or_unreadable(tmp_path: Path) -> None:
    err = dxf_error(tmp_path)
    assert err.field == "footprint.dxf" and "site.dxf: file not found" in err.problem
    (tmp_path / "site.dxf").write_bytes(b"\x00\x01garbage\xff" * 50)
    err = dxf_error(tmp_path)
    assert err.field == "footprint.dxf" and "not a readable DXF file" in err.problem


def test_dxf_without_a_closed_outline_says_what_it_found(tmp_path: Path) -> None:
    doc, path = drawing(tmp_path)
    msp = doc.modelspace()
    msp.add_line((0, 0), (36000, 0))
    msp.add_line((36000, 0), (36000, 16000))
    msp.add_line((36000, 16000), (0, 16000))  # the west wall is missing
    msp.add_lwpolyline([(0, 16000), (0, 2000)])
    doc.saveas(path)
    err = dxf_error(tmp_path)
    assert "no closed outline in model space" in err.problem
    assert "3 LINE" in err.problem and "1 LWPOLYLINE (0 closed)" in err.problem
    assert "loose ends at (0.000, 0.000) m, (0.000, 2.000) m" in err.problem


def test_dxf_several_outlines_on_the_layer(tmp_path: Path) -> None:
    doc, path = drawing(tmp_path)
    msp = doc.modelspace()
    for x in (0, 40000):
        square = [(x, 0), (x + 20000, 0), (x + 20000, 20000), (x, 20000)]
        msp.add_lwpolyline(square, close=True, dxfattribs={"layer": "A-FOOTPRINT"})
    doc.saveas(path)
    err = dxf_error(tmp_path, 'dxf = "site.dxf"\nlayer = "A-FOOTPRINT"')
    assert err.field == "footprint.layer"
    assert "2 separate closed outlines on layer 'A-FOOTPRINT'" in err.problem
    assert "400.0 m² from (40.00, 0.00) to (60.00, 20.00) m" in err.problem
    err = dxf_error(tmp_path, 'dxf = "site.dxf"\nlayer = "WALLS"')
    assert err.field == "footprint.layer" and "'A-FOOTPRINT'" in err.problem


def test_dxf_site_boundary_around_the_building_needs_the_layer(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "site-l.dxf", tmp_path)
    text = (SAMPLES / "from-dxf.toml").read_text(encoding="utf-8")
    brief = write(tmp_path, text.replace('layer = "A-FOOTPRINT"', ""))
    err = load_error(brief)
    assert "nested three deep" in err.problem and "layer 'SITE'" in err.problem
    assert 'layer = "' in err.fix


def test_dxf_outline_that_crosses_itself(tmp_path: Path) -> None:
    doc, path = drawing(tmp_path)
    bow_tie = [(0, 0), (36000, 16000), (36000, 0), (0, 16000)]
    doc.modelspace().add_lwpolyline(bow_tie, close=True)
    doc.saveas(path)
    assert "crosses itself" in dxf_error(tmp_path).problem


@pytest.mark.parametrize(
    ("footprint", "field"),
    [
        ('dxf = "site.dxf"\npolygon = [[0, 0], [36, 0], [36, 16], [0, 16]]', "footprint.polygon"),
        ('polygon = [[0, 0], [36, 0], [36, 16], [0, 16]]\nlayer = "X"', "footprint.layer"),
        ('dxf = "site.dxf"\nunits = "inch"', "footprint.units"),
        ("dxf = 3", "footprint.dxf"),
    ],
)
def test_dxf_keys_misused(tmp_path: Path, footprint: str, field: str) -> None:
    doc, path = drawing(tmp_path)
    doc.modelspace().add_lwpolyline([(0, 0), (36000, 0), (36000, 16000), (0, 16000)], close=True)
    doc.saveas(path)
    assert dxf_error(tmp_path, footprint).field == field


def test_cli_exits_2_for_a_dxf_without_outline(tmp_path: Path) -> None:
    doc, path = drawing(tmp_path)
    doc.modelspace().add_line((0, 0), (36000, 0))
    doc.saveas(path)
    brief = dxf_brief(tmp_path, 'dxf = "site.dxf"')
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "layout.cli", "generate", str(brief), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=SAMPLES.parent,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "footprint.dxf" in result.stderr and "no closed outline" in result.stderr
    assert "1 LINE" in result.stderr and "fix:" in result.stderr
    assert not out.exists()


# ---- design figures ---------------------------------------------------------------------------


def test_design_figures_can_be_relaxed_by_the_brief(tmp_path: Path) -> None:
    """A building the centre shares: more of the ground floor may stay unassigned."""
    brief = load_brief(
        write(tmp_path, VALID + "\n[design]\nground_unassigned_max = 0.4\ntoilet_radius_m = 40\n")
    )
    assert brief.design == {"ground_unassigned_max": 0.4, "toilet_radius_m": 40.0}
    req, _engine, _standard = build_programme(brief)
    assert req.design.ground_unassigned_max == 0.4
    assert req.design.toilet_radius_m == 40.0
    assert req.design.egress_two_exits_m == 40.0  # the standard's, untouched


def test_design_figure_out_of_range_or_unknown(tmp_path: Path) -> None:
    err = error_for(tmp_path, VALID + "\n[design]\nground_unassigned_max = 3\n")
    assert err.field == "design.ground_unassigned_max"
    assert "from 0 to 1" in err.problem
    err = error_for(tmp_path, VALID + "\n[design]\negress_m = 30\n")
    assert err.field == "design.egress_m"


def test_a_required_adjacency_or_separation_is_read_and_only_for_those(tmp_path: Path) -> None:
    brief = load_brief(write(tmp_path, variant("weight = 4\n", "weight = 4\nrequired = true\n")))
    (pref,) = [p for p in brief.extra_preferences if p.kind == "adjacent"]
    assert pref.required and (pref.a, pref.b) == ("library-2", "reading")
    assert pref.to_dict()["required"] is True
    brief = load_brief(write(tmp_path, variant("weight = 6\n", "weight = 6\nrequired = true\n")))
    (pref,) = [p for p in brief.extra_preferences if p.kind == "separate"]
    assert pref.required and pref.to_dict()["required"] is True
    err = error_for(tmp_path, variant("weight = 3\n", "weight = 3\nrequired = true\n"))
    assert err.field == "preferences.add[2].required"


def test_the_standards_separation_is_required_unless_the_brief_weighs_it_zero(
    tmp_path: Path,
) -> None:
    """Quiet rooms never share a wall with noisy ones: a rule of the shipped standards, which
    a brief switches off with a separation weight of 0 (its own separations stay)."""
    for weight, required in (("0.5", True), ("0", False)):
        text = variant("separate = 0.5 }", f"separate = {weight} }}")
        req, _engine, _standard = build_programme(load_brief(write(tmp_path, text)))
        kept = [p for p in req.preferences if p.kind == "separate" and p.quiet != ("library-2",)]
        assert kept and all(p.required is required for p in kept)
