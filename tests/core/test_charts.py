"""The shared chart component: ECharts options from Python, rendered as JSON data (CSP-safe)."""

import json

from django.template.loader import render_to_string

from core.charts import bar_chart, pie_chart


def test_bar_chart_option_and_table():
    chart = bar_chart("落实率", ["计算机学院", "外国语学院"], [("落实率", [91.5, 88.0]), ("签约率", [60.0, 50.0])], percent=True)
    assert chart.option["xAxis"]["data"] == ["计算机学院", "外国语学院"]
    assert chart.option["yAxis"]["max"] == 100 and chart.option["legend"]
    assert [s["name"] for s in chart.option["series"]] == ["落实率", "签约率"]
    assert chart.table_rows == [["计算机学院", 91.5, 60.0], ["外国语学院", 88.0, 50.0]]
    horizontal = bar_chart("x", [str(i) for i in range(20)], [("n", list(range(20)))], horizontal=True)
    assert horizontal.option["yAxis"]["type"] == "category" and horizontal.height > 320


def test_pie_chart_drops_zero_slices():
    chart = pie_chart("构成", [("协议和合同就业", 10), ("创业", 0)])
    assert [d["name"] for d in chart.option["series"][0]["data"]] == ["协议和合同就业"]


def test_template_puts_the_option_in_a_json_block_not_a_script():
    chart = bar_chart("落实率", ["A"], [("落实率", [50.0])])
    html = render_to_string("core/charts/chart.html", {"chart": chart})
    assert f'data-chart="{chart.json_id}"' in html and 'type="application/json"' in html
    start = html.index(f'id="{chart.json_id}" type="application/json">') + len(f'id="{chart.json_id}" type="application/json">')
    assert json.loads(html[start:html.index("</script>", start)])["series"][0]["data"] == [50.0]
    empty = render_to_string("core/charts/chart.html", {"chart": bar_chart("空", [], [("n", [])])})
    assert "暂无数据" in empty


def test_scripts_come_from_our_static_files(rf):
    html = render_to_string("core/charts/scripts.html", {"csp_nonce": "abc"})
    assert "core/vendor/echarts/echarts-5.6.0.common.min.js" in html and "core/charts/charts.js" in html and "http" not in html.replace("https://", "")
