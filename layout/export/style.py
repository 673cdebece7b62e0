"""One look for every export: a function's layer name and colour are the same in the DXF,
the PNG previews and the report, so a designer reads them as one set of drawings."""

from __future__ import annotations

from dataclasses import dataclass

from constraints.standard import FUNCTION_NAMES_ZH, FUNCTIONS


@dataclass(frozen=True)
class FunctionStyle:
    """How spaces of one function are drawn."""

    function: str
    layer: str  # DXF layer, GB/T 50001 style code: A-AREA-<FUNCTION>
    aci: int  # AutoCAD colour index of the layer
    rgb: tuple[int, int, int]  # the same colour as RGB (previews, reports, DXF true colour)
    label_zh: str

    @property
    def hex(self) -> str:
        return "#{:02x}{:02x}{:02x}".format(*self.rgb)


#: Soft fills that keep black labels readable; ACI picked close to each RGB (default palette).
_PALETTE: dict[str, tuple[int, tuple[int, int, int]]] = {
    "display": (40, (244, 177, 131)),
    "party": (10, (235, 120, 120)),
    "deliberation": (200, (196, 160, 220)),
    "safety": (150, (120, 170, 230)),
    "culture": (90, (150, 210, 140)),
    "service": (50, (246, 214, 110)),
    "circulation": (254, (225, 225, 225)),
    "stair": (252, (170, 170, 170)),
    "lift": (9, (200, 200, 200)),
    "toilet": (130, (150, 215, 215)),
    "support": (31, (215, 190, 160)),
    "storage": (33, (225, 210, 185)),
    "unused": (8, (245, 245, 245)),
}

STYLES: dict[str, FunctionStyle] = {
    fn: FunctionStyle(
        function=fn,
        layer=f"A-AREA-{fn.upper()}",
        aci=_PALETTE[fn][0],
        rgb=_PALETTE[fn][1],
        label_zh=FUNCTION_NAMES_ZH[fn],
    )
    for fn in FUNCTIONS
}

#: Layers that are not per function (GB/T 50001 practice, English codes).
LAYER_FOOTPRINT = "A-FOOTPRINT"
LAYER_WALL = "A-WALL"
LAYER_DOOR = "A-DOOR"
LAYER_WINDOW = "A-WIND"
LAYER_STAIR = "A-STRS"
LAYER_LIFT = "A-EVTR"  # the lift shaft's cross
LAYER_TEXT = "A-ANNO-TEXT"
LAYER_DIMS = "A-ANNO-DIMS"
LAYER_TITLE = "A-ANNO-TTLB"


def style_of(function: str) -> FunctionStyle:
    """The style of a function; unknown functions fail loudly (the plan checker rejects them)."""
    return STYLES[function]


def readable_angle(deg: float) -> float:
    """Text angle turned so it never reads upside down: within (-90, 90]."""
    deg = (deg + 180.0) % 360.0 - 180.0
    if deg > 90.0:
        deg -= 180.0
    elif deg <= -90.0:
        deg += 180.0
    return deg
