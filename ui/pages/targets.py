"""The 发展目标 tab: each cluster's size target as a bar chart and a table, with the file's own inconsistencies."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui import views
from ui.text import md_escape, md_table

SOURCES = ["分项条款", "总体目标"]  # where a target is stated, in the chart's order
TABLE_ROWS, TABLE_HEIGHT = 20, 720  # a longer table scrolls inside itself, headers kept


def targets_chart(points: list[dict]) -> alt.TopLevelMixin:
    """Bars per cluster, one per source; faceted by year when the targets name several years."""
    years = sorted({p["年份"] for p in points if p["年份"]})
    base = alt.Chart(pd.DataFrame(points)).encode(
        y=alt.Y("集群:N", sort=views.clusters_in_order(points), title=None, axis=alt.Axis(labelLimit=240)),
        x=alt.X("数值:Q", title="目标（亿元）"),
        yOffset=alt.YOffset("出处:N", sort=SOURCES),
        color=alt.Color("出处:N", sort=SOURCES, legend=alt.Legend(title="出处", orient="bottom")),
        tooltip=["集群", "指标", "目标", "年份", "条款", "出处", "一致性"],
    )
    chart = base.mark_bar() + base.mark_text(align="left", dx=4).encode(text="标记:N")
    if len(years) > 1:
        return chart.facet(column=alt.Column("年份:N", title="年份"))
    return chart.properties(height=max(300, 34 * len(views.clusters_in_order(points))),
                            title=f"{years[0] if years else ''}年产业规模目标（亿元）")


def render(view_index) -> None:
    """`view_index` is the part of the index in the chosen 文件范围."""
    rows = views.targets_rows(view_index)
    points = views.chart_rows(rows)
    st.markdown(f"各产业集群的量化目标。{views.CONFLICT_MARK} 表示文件在总体目标和分项条款中对同一目标的表述不一致，两处数字均按原文列出。")
    if points:
        st.altair_chart(targets_chart(points), width="stretch")
    else:
        st.caption("文件中没有以亿元计的规模目标。")
    # The table under the chart, full width and static: no column is cut off; a long one scrolls.
    st.table(md_table(rows, ["集群", "目标", "年份", "条款", "出处", "一致性"]), hide_index=True,
             height=TABLE_HEIGHT if len(rows) > TABLE_ROWS else "content")
    for finding in views.conflict_findings(view_index):
        st.info(md_escape(finding.text), icon=":material/warning:")
    with st.expander("全部目标明细"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.download_button("下载目标表（CSV）", views.to_csv(rows), file_name="发展目标.csv", mime="text/csv",
                       key="targets_csv", on_click="ignore")
