"""One chart component for every module: Python builds an Apache ECharts option, the template
`core/charts/chart.html` puts it in the page as JSON (no inline script, CSP-safe), and
`core/charts/charts.js` draws it with the ECharts build shipped under static
(`core/vendor/echarts/`, Apache-2.0, licence beside it). No CDN.

    chart = bar_chart("落实率（%）", ["计算机学院", "外国语学院"], [("落实率", [91.2, 88.0])], percent=True)
    {% include "core/charts/chart.html" with chart=chart %}   and once per page
    {% include "core/charts/scripts.html" %}                 in the scripts block
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

PALETTE = ["#C8102E", "#1F6FEB", "#2DA44E", "#BF8700", "#8250DF", "#57606A", "#D4A72C", "#0969DA"]
_ids = itertools.count(1)


@dataclass
class Chart:
    title: str
    option: dict
    height: int = 320
    dom_id: str = field(default_factory=lambda: f"chart-{next(_ids)}")
    # The same numbers as a table, for screen readers and for printing.
    table_headers: list[str] = field(default_factory=list)
    table_rows: list[list] = field(default_factory=list)

    @property
    def json_id(self) -> str:
        return f"{self.dom_id}-option"

    @property
    def is_empty(self) -> bool:
        return not self.table_rows


def _base(title: str) -> dict:
    return {
        "color": PALETTE,
        "title": {"text": title, "left": "left", "textStyle": {"fontSize": 14, "fontWeight": 600}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "aria": {"enabled": True},
        "animation": False,
    }


def bar_chart(title: str, categories: list[str], series: list[tuple[str, list[float]]], *, percent: bool = False, horizontal: bool = False,
              stacked: bool = False, height: int | None = None) -> Chart:
    """Bars per category; one or several series. `percent` formats the value axis as %."""
    option = _base(title)
    value_axis = {"type": "value", "axisLabel": {"formatter": "{value}%" if percent else "{value}"}}
    if percent:
        value_axis["max"] = 100
    category_axis = {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 0 if horizontal or len(categories) <= 6 else 30}}
    option["xAxis"], option["yAxis"] = (value_axis, category_axis) if horizontal else (category_axis, value_axis)
    option["grid"] = {"left": 8, "right": 24, "top": 48 if len(series) == 1 else 64, "bottom": 8, "containLabel": True}
    if len(series) > 1:
        option["legend"] = {"top": 24}
    option["series"] = [{"name": name, "type": "bar", "data": values, "barMaxWidth": 36, **({"stack": "total"} if stacked else {}),
                         "label": {"show": len(categories) <= 12 and not stacked, "position": "right" if horizontal else "top",
                                   "formatter": "{c}%" if percent else "{c}"}}
                        for name, values in series]
    rows = [[category, *[values[i] for _, values in series]] for i, category in enumerate(categories)]
    auto_height = max(240, 36 * len(categories) + 80) if horizontal else 320
    return Chart(title=title, option=option, height=height or auto_height, table_headers=["", *[name for name, _ in series]], table_rows=rows)


def pie_chart(title: str, items: list[tuple[str, float]], *, height: int = 320) -> Chart:
    option = _base(title)
    option["tooltip"] = {"trigger": "item", "formatter": "{b}：{c}（{d}%）"}
    option["legend"] = {"type": "scroll", "orient": "vertical", "right": 0, "top": 32}
    option["series"] = [{"type": "pie", "radius": ["35%", "65%"], "center": ["40%", "55%"], "data": [{"name": n, "value": v} for n, v in items if v],
                         "label": {"formatter": "{b}\n{d}%"}}]
    return Chart(title=title, option=option, height=height, table_headers=["", "数量"], table_rows=[[n, v] for n, v in items])
