"""Synthetic policy corpus for the scale bench: N documents made from the seed's real structure.

`python -m eval.synth --n 100 --out DIR [--seed 0]`

The seed (corpus/henan-10plus8-2017.txt) is read once for its *material*: the industry
clusters of 二、发展重点 (lead sentence, named sub-paragraphs like "新型智能手机。……"), the
principles, the 保障措施 measures and the 组织实施 paragraphs. Each generated document
renames the clusters it uses, changes the years and amounts, shuffles the units of its role
lines and the order of its sub-paragraphs, and is written in one of two styles:

- outline: 一、/（一）/1. headings with "牵头单位：…；配合单位：…" lines, like the seed;
- article: 第X章/第X条 with inline "（责任单位：…）" or "（X牵头，Y配合）", sub-items （一）（二）.

Document i depends only on (seed, i), so the corpus of 100 starts with the corpus of 10 and a
fixed question list about the first documents stays valid at every N. Each document declares,
from the way it was built (not by running the parser), how many clauses it must parse into:
preamble (if any) + every numbered heading + every named sub-paragraph + 落款 (if any). The
declaration goes into its `<name>.meta.json` sidecar under "synth" (ingest ignores that key).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from eval.synth_material import (MANIFEST, STYLES, _AMOUNTS, _ARTICLE_TITLES, _GROUPS, _INDUSTRIES, _ISSUERS,
                                 _NAMED, _QUALIFIERS, _SYNONYMS, Cluster, Material, Style, cn_number, is_plain,
                                 material)


# --- one document -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SynthDoc:
    index: int
    name: str  # file name, e.g. synth-0007.txt
    style: Style
    text: str
    expected_clauses: int
    title: str
    clusters: tuple[str, ...] = ()  # renamed cluster names, in document order
    targets: tuple[tuple[str, int, str], ...] = ()  # (cluster, year, amount text)
    subs: tuple[str, ...] = ()  # named sub-paragraph headings used

    def sidecar(self) -> dict:
        return {"synth": {"index": self.index, "style": self.style, "expected_clauses": self.expected_clauses}}


@dataclass
class _Writer:
    """Lines of one document and the count of clauses they must parse into."""

    lines: list[str] = field(default_factory=list)
    clauses: int = 0

    def heading(self, line: str) -> None:
        self.lines.append(line)
        self.clauses += 1

    def named(self, name: str, body: str) -> None:
        line = f"{name}。{body}"
        assert _NAMED.match(line), line
        self.lines.append(line)
        self.clauses += 1

    def plain(self, line: str) -> None:
        assert is_plain(line), line
        self.lines.append(line)


class _Variation:
    """The random choices of one document: names, numbers, wording, units."""

    def __init__(self, rng: random.Random, mat: Material):
        self.rng, self.mat = rng, mat
        self.year = rng.choice((2020, 2022, 2025, 2027, 2030))
        self.base_year = self.year - rng.choice((3, 5))
        self.swaps = [pair for pair in _SYNONYMS if rng.random() < 0.4]
        self.used: set[str] = set()

    def cluster_name(self, original: str) -> str:
        rng = self.rng
        for _ in range(50):
            name = original if rng.random() < 0.2 else rng.choice(_QUALIFIERS) + rng.choice(_INDUSTRIES)
            if name not in self.used:
                self.used.add(name)
                return name
        name = f"{original}{len(self.used)}"
        self.used.add(name)
        return name

    def amount(self) -> int:
        return self.rng.choice(_AMOUNTS)

    def numbers(self, text: str) -> str:
        text = re.sub(r"20\d\d年", f"{self.year}年", text)

        def scale(m: re.Match) -> str:
            value = float(m.group(1)) * self.rng.choice((0.5, 0.8, 1.2, 1.5, 2, 3))
            shown = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else str(int(round(value)))
            return shown + m.group(2)

        return re.sub(r"(\d+(?:\.\d+)?)(亿元|万元|亿部|万吨|万辆|家|个)", scale, text)

    def wording(self, text: str) -> str:
        for a, b in self.swaps:
            text = text.replace(a, b)
        return text

    def body(self, text: str, keep_first: bool = True) -> str:
        """Numbers and wording varied; the sentences after the first shuffled."""
        sentences = [s + "。" for s in text.split("。") if s]
        head, tail = (sentences[:1], sentences[1:]) if keep_first else ([], sentences)
        self.rng.shuffle(tail)
        return self.wording(self.numbers("".join(head + tail)))

    def units(self, k: int) -> list[str]:
        return self.rng.sample(self.mat.units, k)


def _unit_list(units: list[str]) -> str:
    """省发展改革委、科技厅、商务厅: later units drop the 省 prefix, as the seed writes them."""
    def short(u: str) -> str:
        return u[1:] if u.startswith("省") and not u.startswith(("省委", "省政府")) and len(u) > 3 else u

    return "、".join([units[0]] + [short(u) for u in units[1:]])


def _lead(v: _Variation, cluster: Cluster, amount: int) -> str:
    lead = v.body(cluster.lead) if cluster.lead else ""
    target = f"到{v.year}年，产业规模达到{amount}亿元。"
    lead = re.sub(r"产业规模(达到|超过|突破)\d+亿元", f"产业规模{v.rng.choice(('达到', '超过'))}{amount}亿元", lead)
    return lead if f"{amount}亿元" in lead else target + lead


def _pick_clusters(v: _Variation, k: int) -> list[tuple[str, Cluster, list[tuple[str, str]], int]]:
    out = []
    for cluster in v.rng.sample(v.mat.clusters, k):
        subs = list(cluster.subs)
        v.rng.shuffle(subs)
        subs = subs[: v.rng.randint(1, len(subs))]
        out.append((v.cluster_name(cluster.name), cluster, subs, v.amount()))
    return out


def _outline(v: _Variation, title: str) -> tuple[list[str], int, list]:
    rng, mat = v.rng, v.mat
    w = _Writer()
    w.lines.append(title)
    if rng.random() < 0.5:
        w.lines.append(f"豫政办〔{v.base_year}〕{rng.randint(1, 120)}号")
    w.plain("各省辖市、省直管县（市）人民政府，省人民政府各部门：")
    w.plain(v.body(mat.intro))
    w.clauses += 1  # 序言
    picked = _pick_clusters(v, rng.randint(2, 5))
    w.heading("一、总体要求")
    w.heading("（一）基本思路。")
    w.plain(v.body(mat.thinking))
    w.heading("（二）基本原则。")
    for p in rng.sample(mat.principles, rng.randint(2, len(mat.principles))):
        w.plain(v.body(p))
    w.heading("（三）发展目标。")
    total = sum(a for *_, a in picked)
    w.plain(f"到{v.year}年，全省{len(picked)}个重点产业集群总规模超过{total}亿元。其中，"
            + "，".join(f"{name}产业集群达到{a}亿元" for name, _, _, a in picked) + "。")
    w.heading("二、发展重点")
    groups = rng.sample(_GROUPS, 2 if len(picked) > 3 else 1)
    per_group = [picked[: len(picked) // 2 + 1], picked[len(picked) // 2 + 1:]] if len(groups) == 2 else [picked]
    for g, (group, members) in enumerate(zip(groups, per_group), 1):
        w.heading(f"（{cn_number(g)}）{group}。")
        for i, (name, cluster, subs, amount) in enumerate(members, 1):
            w.heading(f"{i}.{name}。{_lead(v, cluster, amount)}")
            for sub, body in subs:
                w.named(sub, v.body(body, keep_first=False))
            if cluster.plain and rng.random() < 0.3:
                w.plain(v.body(rng.choice(cluster.plain)))
            lead, *partners = v.units(rng.randint(2, 5))
            w.plain(f"牵头单位：{lead}；配合单位：{_unit_list(partners)}。")
    w.heading("三、保障措施")
    for i, (mtitle, body) in enumerate(rng.sample(mat.measures, rng.randint(1, min(4, len(mat.measures)))), 1):
        w.heading(f"（{cn_number(i)}）{mtitle}。")
        w.plain(v.body(body))
        w.plain(f"责任单位：{_unit_list(v.units(rng.randint(2, 5)))}。")
    w.heading("四、组织实施")
    for i, (otitle, body) in enumerate(rng.sample(mat.organisation, rng.randint(1, len(mat.organisation))), 1):
        w.heading(f"（{cn_number(i)}）{otitle}。{v.body(body)}")
    w.lines += ["", rng.choice(_ISSUERS), "", _date(v)]
    w.clauses += 1  # 落款
    return w.lines, w.clauses, picked


def _article(v: _Variation, title: str) -> tuple[list[str], int, list]:
    rng, mat = v.rng, v.mat
    w = _Writer()
    w.lines.append(title)  # no preamble: the first line after the title is a chapter
    picked = _pick_clusters(v, rng.randint(2, 5))
    n = 0

    def article(text: str) -> None:
        nonlocal n
        n += 1
        w.heading(f"第{cn_number(n)}条 {text}")

    w.heading("第一章 总则")
    article(f"为推动{'、'.join(name for name, *_ in picked)}等产业高质量发展，根据有关规定，结合本省实际，制定本办法。")
    article(v.body(mat.thinking))
    for p in rng.sample(mat.principles, rng.randint(1, 3)):
        article(v.body(p))
    w.heading(f"第二章 {rng.choice(_GROUPS)}")
    for name, cluster, subs, amount in picked:
        lead, *partners = v.units(rng.randint(2, 4))
        inline = (f"（责任单位：{_unit_list([lead] + partners)}）" if rng.random() < 0.5
                  else f"（{lead}牵头，{_unit_list(partners)}配合）")
        article(f"{name}。{_lead(v, cluster, amount)}{inline}")
        if rng.random() < 0.5:  # sub-items as numbered （一）（二）: each is a clause
            for i, (sub, body) in enumerate(subs, 1):
                w.heading(f"（{cn_number(i)}）{sub}。{v.body(body, keep_first=False)}")
        else:  # or as body text of the article: "新型智能手机：……" is no named sub-clause
            for sub, body in subs:
                w.plain(f"{sub}：{v.body(body, keep_first=False)}")
    w.heading("第三章 保障措施")
    for mtitle, body in rng.sample(mat.measures, rng.randint(1, min(4, len(mat.measures)))):
        article(f"{mtitle}。{v.body(body)}（责任单位：{_unit_list(v.units(rng.randint(2, 4)))}）")
    w.heading("第四章 附则")
    article(f"本办法由{rng.choice(mat.units)}负责解释。")
    article("本办法自印发之日起施行。")
    if rng.random() < 0.5:
        w.lines += ["", rng.choice(_ISSUERS), _date(v)]
        w.clauses += 1  # 落款
    return w.lines, w.clauses, picked


def _date(v: _Variation) -> str:
    return f"{v.base_year}年{v.rng.randint(1, 12)}月{v.rng.randint(1, 28)}日"


def generate_document(index: int, seed: int = 0) -> SynthDoc:
    """Document `index` of the corpus with `seed`: depends on nothing else."""
    rng = random.Random(f"policyqa-synth:{seed}:{index}")
    mat = material()
    v = _Variation(rng, mat)
    style = STYLES[(index + seed) % 2]
    if style == "outline":
        topic = rng.choice(("新兴产业集群", "先进制造业", "现代服务业", "战略性新兴产业", "重点产业链"))
        title = f"{rng.choice(_ISSUERS)}关于加快推进{topic}发展的实施意见（第{index + 1}号）"
        lines, clauses, picked = _outline(v, title)
    else:
        title = f"河南省{rng.choice(('新兴产业', '产业集群', '先进制造业', '现代服务业'))}{rng.choice(_ARTICLE_TITLES)}（第{index + 1}号）"
        lines, clauses, picked = _article(v, title)
    return SynthDoc(
        index=index,
        name=f"synth-{index:04d}.txt",
        style=style,
        text="\n\n".join(line for line in lines if line) + "\n",
        expected_clauses=clauses,
        title=title,
        clusters=tuple(name for name, *_ in picked),
        targets=tuple((name, v.year, f"{amount}亿元") for name, _, _, amount in picked),
        subs=tuple(sub for _, _, subs, _ in picked for sub, _ in subs),
    )


def generate_corpus(n: int, seed: int = 0) -> list[SynthDoc]:
    return [generate_document(i, seed) for i in range(n)]


def scale_questions(seed: int = 0, docs: int = 5) -> list[dict]:
    """A fixed question list about the first `docs` documents (the same at every N >= docs):
    targets and lead units (facts route) and sub-topics (extractive route)."""
    out = []
    for doc in generate_corpus(docs, seed):
        for name, year, _ in doc.targets[:2]:
            out.append({"id": f"d{doc.index}-target-{name}", "question": f"{name}到{year}年的产业规模目标是多少？"})
        if doc.clusters:
            out.append({"id": f"d{doc.index}-roles", "question": f"{doc.clusters[0]}由哪个部门牵头？"})
        for sub in doc.subs[:2]:
            out.append({"id": f"d{doc.index}-sub-{sub}", "question": f"{sub}方面要重点做什么？"})
    seen, unique = set(), []
    for q in out:
        if q["id"] not in seen:
            seen.add(q["id"])
            unique.append({**q, "history": []})
    return unique


def write_corpus(out_dir: Path, n: int, seed: int = 0) -> list[SynthDoc]:
    """Write N documents, their sidecars and a hidden manifest into `out_dir`."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = generate_corpus(n, seed)
    for doc in docs:
        (out_dir / doc.name).write_text(doc.text, encoding="utf-8")
        sidecar = out_dir / (Path(doc.name).stem + ".meta.json")
        sidecar.write_text(json.dumps(doc.sidecar(), ensure_ascii=False), encoding="utf-8")
    manifest = {"seed": seed, "n": n, "documents": [
        {"file": d.name, "style": d.style, "expected_clauses": d.expected_clauses} for d in docs]}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.synth", description="生成合成政策文件语料（可复现）。")
    parser.add_argument("--n", type=int, required=True, help="文件数")
    parser.add_argument("--out", type=Path, required=True, help="输出目录")
    parser.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    args = parser.parse_args(argv)
    docs = write_corpus(args.out, args.n, args.seed)
    styles = {s: sum(d.style == s for d in docs) for s in STYLES}
    print(json.dumps({"documents": len(docs), "styles": styles,
                      "clauses": sum(d.expected_clauses for d in docs),
                      "chars": sum(len(d.text) for d in docs)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
