"""The 发展目标 tab: every dated quantitative target, one chart per unit, a table, and the file's own
inconsistencies."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from ui import views
from ui.text import md_escape, md_table

SOURCES = ["分项条款", "总体目标"]  # where a target is stated, in the chart's order
TABLE_ROWS, TABLE_HEIGHT = 20, 720  # a longer table scrolls inside itself, headers kept


def targets_chart(points: list[dict], unit: str, label: str) -> alt.TopLevelMixin:
    """Bars of one unit, one per source; faceted by year when the targets name several years."""
    years = sorted({p["年份"] for p in points if p["年份"]})
    names = views.names_in_order(points)
    base = alt.Chart(pd.DataFrame(points)).encode(
        y=alt.Y("名称:N", sort=names, title=None, axis=alt.Axis(labelLimit=280)),
        x=alt.X("数值:Q", title=f"目标（{unit}）"),
        yOffset=alt.YOffset("出处:N", sort=SOURCES),
        color=alt.Color("出处:N", sort=SOURCES, legend=alt.Legend(title="出处", orient="bottom")),
        tooltip=[label, "指标", "目标", "年份", "条款", "出处", "一致性"],
    )
    chart = base.mark_bar() + base.mark_text(align="left", dx=4).encode(text="标记:N")
    if len(years) > 1:
        return chart.facet(column=alt.Column("年份:N", title="年份"))
    year = f"{years[0]}年" if years else ""
    return chart.properties(height=max(120, 34 * len(names)), title=f"{year}以“{unit}”计的目标")


def render(view_index) -> None:
    """`view_index` is the part of the index in the chosen 文件范围."""
    label = views.subject_label(view_index)
    rows = views.targets_rows(view_index)
    groups = views.chart_groups(rows, label)
    if views.about_clusters(view_index):
        st.markdown(f"各产业集群的量化目标。{views.CONFLICT_MARK} 表示文件在总体目标和分项条款中对同一目标的表述不一致，"
                    "两处数字均按原文列出。")
    else:
        st.markdown(f"文件中写明年份的量化目标，指标名称取自原文；每张图只有一种单位。{views.CONFLICT_MARK} 表示文件对同一目标"
                    "前后表述不一致，均按原文列出。")
    if not rows:
        st.caption("所选文件中没有写明年份的量化目标。")
    several_docs = len({doc for doc, _, _ in groups}) > 1
    shown_doc = None
    for doc, unit, points in groups:
        if several_docs and doc != shown_doc:
            st.markdown(f"**{md_escape('《' + doc + '》')}**")
            shown_doc = doc
        st.altair_chart(targets_chart(points, unit, label), width="stretch")
    # The table under the charts, full width and static: no column is cut off; a long one scrolls.
    columns = (["文件"] if rows and "文件" in rows[0] else []) + [label, "指标", "目标", "年份", "条款", "出处", "一致性"]
    if rows:
        st.table(md_table(rows, columns), hide_index=True,
                 height=TABLE_HEIGHT if len(rows) > TABLE_ROWS else "content")
    for finding in views.conflict_findings(view_index):
        st.info(md_escape(finding.text), icon=":material/warning:")
    with st.expander("全部目标明细"):
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.download_button("下载目标表（CSV）", views.to_csv(rows), file_name="发展目标.csv", mime="text/csv",
                       key="targets_csv", on_click="ignore")
