"""Charts and tables of assessment statistics (core.charts), shared by the back office and the API."""

from __future__ import annotations

from core.charts import bar_chart


def statistics_charts(stats: dict, *, instrument_name: str) -> list:
    if not stats["groups"]:
        return []
    groups = stats["groups"][:20]
    spread = bar_chart(f"{instrument_name}：各{stats['group_label']}主要类型分布（人）", groups,
                       [(label, [stats["by_group"][g].get(label, 0) for g in groups]) for label in stats["labels"][:8]], stacked=True,
                       horizontal=len(groups) > 6)
    charts = [spread]
    keys = sorted({key for g in groups for key in stats["averages"].get(g, {})})
    if keys and len(keys) <= 6:
        charts.append(bar_chart(f"各{stats['group_label']}平均得分", groups, [(key, [stats["averages"].get(g, {}).get(key, 0) for g in groups]) for key in keys],
                                horizontal=len(groups) > 6))
    return charts
