"""The 责任分工 tab: the responsibility matrix, and every duty of the unit chosen as 我的单位."""
from __future__ import annotations

import streamlit as st

from ui import views
from ui.navigation import goto_clause
from ui.text import md_escape, md_table

TABLE_ROWS, TABLE_HEIGHT = 20, 720  # a longer matrix scrolls inside the table, headers kept


def render(view_index) -> None:
    """`view_index` is the part of the index in the chosen 文件范围."""
    ss = st.session_state
    if views.about_clusters(view_index):
        st.markdown("各产业集群和保障措施的牵头、配合、责任单位（按文件原文）。选择“我的单位”可查看该单位的全部职责。")
    else:
        st.markdown("各条目的牵头、配合、责任单位（按文件原文：分工行、任务分工表，以及“由……负责”“……会同……”的写法）。"
                    "选择“我的单位”可查看该单位在各文件中的全部职责。")
    unit_options = [views.ALL_UNITS, *views.units(view_index)]
    if ss.get("my_unit") not in unit_options:
        ss.my_unit = views.ALL_UNITS  # the unit is not named in the chosen document
    unit = st.selectbox("我的单位", unit_options, key="my_unit")
    rows = views.responsibility_matrix(view_index, unit)
    # A static table: every column on screen, long unit lists wrap (a dataframe would cut them off).
    st.table(md_table(rows), hide_index=True, height=TABLE_HEIGHT if len(rows) > TABLE_ROWS else "content")
    st.download_button("下载分工表（CSV）", views.to_csv(rows),
                       file_name=f"责任分工-{unit if unit != views.ALL_UNITS else '全部'}.csv", mime="text/csv",
                       key="roles_csv", on_click="ignore")
    for finding in (f for f in view_index.facts if f.kind == "finding" and f.finding == "role_pattern"):
        st.info(md_escape(finding.text), icon=":material/edit_note:")
    if unit != views.ALL_UNITS:
        render_unit_duties(view_index, unit)


def render_unit_duties(view_index, unit: str) -> None:
    """Every duty of `unit`, grouped by its role, each with a jump to the clause."""
    duties = views.unit_duties(view_index, unit)
    total = sum(len(items) for items in duties.values())
    several_docs = len(view_index.documents) > 1
    st.subheader(md_escape(f"{unit}的全部职责（共 {total} 项）"))
    for role, items in duties.items():
        st.markdown(f"**作为{role}单位（{len(items)} 项）**")
        for j, duty in enumerate(items):
            text_col, button_col = st.columns([5, 1])
            where = f"《{view_index.document_title(duty.doc_id)}》" if several_docs else ""
            text_col.markdown(md_escape(f"· {where}{duty.subject}（{duty.clause_id}）：{duty.quote}"))
            button_col.button("查看原文", key=f"duty_{role}_{j}", on_click=goto_clause,
                              args=(f"{duty.doc_id}|{duty.clause_id}", (duty.quote,)), type="tertiary")
    st.download_button("下载本单位职责（CSV）", views.to_csv(views.duties_rows(duties, view_index)),
                       file_name=f"{unit}-职责.csv", mime="text/csv", key="unit_csv", on_click="ignore")
