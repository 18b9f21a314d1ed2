"""The 政策匹配 tab: a short enterprise form -> `Assistant.match(profile)` -> a table of measures
(document, clause, measure, status, amount, conditions) where a row opens its clause card, and a
CSV download. A profile the matcher cannot read is shown as its Chinese message, never a traceback."""
from __future__ import annotations

import streamlit as st

from core.errors import ProfileError
from core.records import Claim
from ui import views
from ui.citations import citation_cards
from ui.navigation import goto_clause
from ui.text import md_escape

ENTITIES = {"企业": "enterprise", "个人": "individual", "机构（社会组织等）": "organisation"}
COLUMNS = ["文件", "条款", "措施", "状态", "金额", "条件", "效力"]


def profile_from_form(values: dict) -> dict:
    """The §6 profile from the form's values: only the fields the user filled in."""
    profile: dict = {}
    for key in ("region", "industry", "text"):
        if (values.get(key) or "").strip():
            profile[key] = values[key].strip()
    if values.get("entity") in ENTITIES:
        profile["entity"] = ENTITIES[values["entity"]]
    for key in ("revenue_wan", "tax_wan", "employees"):
        if values.get(key) is not None:
            profile[key] = values[key]
    if values.get("qualifications"):
        profile["qualifications"] = list(values["qualifications"])
    return profile


def rows_of(result: dict) -> list[dict]:
    rows = []
    for m in result["matches"]:
        conditions = [f"✓{x}" for x in m["met"]] + [f"✗{x}" for x in m["unmet"]] + [f"？{x}" for x in m["unknown"]]
        rows.append({"文件": m["doc"], "条款": m["clause"], "措施": m["measure"], "状态": m["status"],
                     "金额": m["amount"] or "", "条件": "；".join(conditions), "效力": m["validity"],
                     "原文": m["quote"]})
    return rows


def _form(assistant) -> None:
    ss = st.session_state
    qualifications = list(assistant.profile.matching.get("qualifications", []))[:24]
    with st.form("match_form"):
        c1, c2, c3 = st.columns(3)
        region = c1.text_input("所在地区", placeholder="例如：河南省郑州市", key="match_region")
        industry = c2.text_input("行业", placeholder="例如：新能源汽车零部件", key="match_industry")
        entity = c3.selectbox("主体类型", list(ENTITIES), key="match_entity")
        n1, n2, n3 = st.columns(3)
        revenue = n1.number_input("上年营业收入（万元）", min_value=0.0, value=None, key="match_revenue")
        tax = n2.number_input("上年纳税（万元）", min_value=0.0, value=None, key="match_tax")
        employees = n3.number_input("员工人数", min_value=0, value=None, step=1, key="match_employees")
        quals = st.multiselect("资质", qualifications, key="match_quals", placeholder="选择企业或个人具备的资质")
        text = st.text_area("补充说明（可选）", placeholder="例如：今年准备引进一个院士团队落户郑州……", key="match_text",
                            max_chars=4000)
        submitted = st.form_submit_button("开始匹配", type="primary")
    if submitted:
        profile = profile_from_form({"region": region, "industry": industry, "entity": entity,
                                     "revenue_wan": revenue, "tax_wan": tax, "employees": employees,
                                     "qualifications": quals, "text": text})
        try:
            ss.match_result = assistant.match(profile)
            ss.pop("match_error", None)
        except ProfileError as exc:
            ss.match_error = exc.message_zh
            ss.pop("match_result", None)


def _card(index, row: dict) -> None:
    cards = citation_cards(index, [Claim(doc=row["文件"], clause=row["条款"], quote=row["原文"])])
    if not cards:
        return
    card = cards[0]
    with st.container(border=True):
        st.markdown(f":material/description: **{md_escape(card.clause_id)}**　{md_escape(card.title)}")
        st.caption(md_escape(f"《{card.doc_title}》" + (f" · {card.heading_path}" if card.heading_path else "")))
        st.markdown(md_escape(card.before) + "**" + md_escape(card.quote) + "**" + md_escape(card.after))
        if card.found:
            st.button("在原文中查看", key="match_goto", on_click=goto_clause, args=(card.key, card.quotes),
                      type="tertiary", icon=":material/menu_book:")


def render(assistant) -> None:
    ss = st.session_state
    st.markdown("填写企业（或个人）的基本情况，逐条比对已收录文件中的扶持措施：符合、可能符合（还缺哪些信息）或不符合，"
                "能算出金额的给出算式。结果依据原文，是否符合与最终金额以主管部门审核为准。")
    _form(assistant)
    if ss.get("match_error"):
        st.error(ss.match_error)
        return
    result = ss.get("match_result")
    if result is None:
        return
    for note in result["notes"]:
        st.caption(md_escape(note))
    rows = rows_of(result)
    if not rows:
        st.info("没有找到符合的扶持措施。")
        return
    table = st.dataframe([{k: r[k] for k in COLUMNS} for r in rows], hide_index=True, width="stretch",
                         on_select="rerun", selection_mode="single-row", key="match_table")
    picked = list(getattr(getattr(table, "selection", None), "rows", []) or [])
    labels = [f"{r['状态']} · {r['条款']} · {r['措施']}" for r in rows]
    choice = st.selectbox("查看条款原文", range(len(rows)), format_func=lambda i: labels[i],
                          index=picked[0] if picked else 0, key="match_pick")
    _card(assistant.index, rows[choice])
    st.download_button("下载匹配结果（CSV）", views.to_csv(rows), file_name="政策匹配.csv", mime="text/csv",
                       key="match_csv", on_click="ignore")
