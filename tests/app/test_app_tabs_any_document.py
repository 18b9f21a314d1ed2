"""The 发展目标 and 责任分工 tabs on documents other than the seed (AppTest, real index, real model).

The app's working corpus holds the seed, a real Guangzhou plan (tests/fixtures/web/family-doctor-2023.html:
targets in %, 人, 名; a 任务分工表) and an article-style 办法 (第X条; tests/fixtures/corpus3). What a user
sees: metric names from each document's own sentences, one unit per chart, a 文件 column once more
than one document is in view, and a unit's duties in every document that names it.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT, Settings, get_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
PLAN = FIXTURES / "web" / "family-doctor-2023.html"
ARTICLES = FIXTURES / "corpus3" / "qinglan-lowalt-2024.txt"
TARGETS_TAB, ROLES_TAB = 3, 2


@pytest.fixture(scope="module")
def tabs_data_dir(built_index, tmp_path_factory) -> Path:
    """A data dir whose working corpus has the seed and the two other documents, indexed once."""
    from ui import startup

    seed_settings, _ = built_index
    settings = Settings(data_dir=tmp_path_factory.mktemp("tabs") / "data")
    uploads = startup.uploads_dir(settings)
    uploads.mkdir(parents=True)
    for path in (PLAN, ARTICLES):
        shutil.copy2(path, uploads / path.name)
    cache = settings.index_dir(settings.corpus_dir) / "embcache.sqlite"  # the seed's vectors, not embedded again
    cache.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(seed_settings.index_dir(seed_settings.corpus_dir) / "embcache.sqlite", cache)
    report = startup.build_index(settings)
    assert report is not None and report.documents == 3 and not report.errors, report.as_dict()
    return Path(settings.data_dir)


@pytest.fixture
def at(tabs_data_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("POLICYQA_DATA_DIR", str(tabs_data_dir))
    get_settings.cache_clear()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
    app.run()
    assert not app.exception, app.exception
    yield app
    get_settings.cache_clear()


def _unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def _tables(tab) -> list:
    return [t.value.map(lambda v: _unescape(v) if isinstance(v, str) else v) for t in tab.table]


def _tab_text(tab) -> str:
    return _unescape("\n".join([m.value for m in tab.markdown] + [c.value for c in tab.caption]
                               + [s.value for s in tab.subheader]))


def _charts(tab) -> list[dict]:
    """Each drawn chart's data as rows (the Vega-Lite spec's inline datasets)."""
    out = []
    for chart in tab.get("arrow_vega_lite_chart") or tab.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        rows = [row for values in spec.get("datasets", {}).values() for row in values]
        if not rows and chart.proto.datasets:  # data sent as Arrow beside the spec
            import pyarrow as pa

            for dataset in chart.proto.datasets:
                rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        out.append({"spec": spec, "rows": rows})
    return out


def _select_scope(at, title_part: str):
    from retrieval.index import open_index
    from ui import startup

    settings = get_settings()
    documents = open_index(settings, startup.app_corpus_dir(settings)).documents
    value = next(d for d, doc in documents.items() if title_part in doc.title) if title_part else ""
    at.selectbox(key="doc_scope").set_value(value).run()
    assert not at.exception, at.exception


def test_article_style_document_targets_name_their_metrics_one_unit_per_chart(at):
    _select_scope(at, "低空经济")
    tab = at.tabs[TARGETS_TAB]
    (table,) = _tables(tab)
    assert "集群" not in table.columns and "条目" in table.columns
    assert "集群" not in _tab_text(tab)
    metrics = set(table["指标"])
    # What each target sentence measures, in the document's own words (第四条 states them).
    assert {"开通常态化低空航线", "建成各类起降场（点）", "全市低空经济产业规模"} <= metrics
    assert "50条以上" in set(table[table["指标"] == "开通常态化低空航线"]["目标"])
    assert not any(m.startswith("第") and m.endswith("条") for m in metrics), "an article number is no metric"
    charts = _charts(tab)
    assert len(charts) >= 3
    units = [{row["单位"] for row in c["rows"]} for c in charts]
    assert all(len(u) == 1 for u in units), units  # never 亿元 and 家 on one axis
    assert {"亿元", "家", "个"} <= set().union(*units)
    for chart in charts:
        (unit,) = {row["单位"] for row in chart["rows"]}
        assert unit in json.dumps(chart["spec"], ensure_ascii=False)  # the axis says which unit


def test_real_plan_targets_in_its_own_units(at):
    _select_scope(at, "家庭医生")
    tab = at.tabs[TARGETS_TAB]
    (table,) = _tables(tab)
    people = table[table["指标"] == "每万常住人口家庭医生数"]
    assert {"力争不低于4人", "力争不低于4.66人"} <= set(people["目标"])
    assert {"2023", "2025"} <= set(people["年份"])
    assert "重点人群签约服务覆盖率" in set(table["指标"])
    units = [{row["单位"] for row in c["rows"]} for c in _charts(tab)]
    assert {"%"} in units and {"人"} in units


def test_several_documents_both_tabs_have_a_document_column(at):
    targets = _tables(at.tabs[TARGETS_TAB])[0]
    roles = _tables(at.tabs[ROLES_TAB])[0]
    for frame in (targets, roles):
        assert frame.columns[0] == "文件"
        titles = set(frame["文件"])
        assert any("家庭医生" in t for t in titles) and any("低空经济" in t for t in titles)
    assert any("集群" in t for t in set(targets["文件"]))  # the seed's targets are listed beside the others
    assert "集群" not in targets.columns  # not every document in view is about clusters


def test_roles_tab_lists_a_units_duties_from_a_non_seed_document(at):
    at.selectbox(key="my_unit").select("市医保局").run()
    assert not at.exception, at.exception
    tab = at.tabs[ROLES_TAB]
    matrix = _tables(tab)[0]
    assert len(matrix) >= 3 and set(matrix["文件"]) == {next(t for t in matrix["文件"] if "家庭医生" in t)}
    assert "发挥基本医保支持作用" in set(matrix["条目"])
    text = _tab_text(tab)
    assert "市医保局的全部职责" in text
    assert "作为牵头单位" in text and "作为配合单位" in text
    assert "发挥基本医保支持作用" in text and "《广州市卫生健康委" in text


def test_a_unit_named_in_two_documents_shows_its_duties_in_both(at):
    at.selectbox(key="my_unit").select("市财政局").run()
    assert not at.exception, at.exception
    tab = at.tabs[ROLES_TAB]
    matrix = _tables(tab)[0]
    titles = set(matrix["文件"])
    assert any("家庭医生" in t for t in titles) and any("低空经济" in t for t in titles)
    text = _tab_text(tab)
    assert "支持适航取证" in text  # 第八条 of the article-style document (责任单位)
    assert "明确服务包收付费机制" in text  # a row of the plan's task table
