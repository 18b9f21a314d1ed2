"""The typed record a question becomes, once, before any answering step runs.

`understand` builds a `Question` from (text, history, corpus view); scope, evidence,
route and compose read its fields and never re-parse the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.intent import Intent
from assistant.knowledge import Entity
from assistant.scope import Scope

AnswerType = Literal["amount", "cap", "number", "deadline", "duration", "ratio", "condition", "unit", "list", "count", "eligibility", "procedure",
                     "definition", "validity", "metadata", "consequence", "other"]

# What a question asks for, by its words. Checked in this order; a question may ask several.
ASKED_PATTERNS: tuple[tuple[AnswerType, re.Pattern], ...] = (
    ("amount", re.compile(r"多少钱|多少万|多少资金|金额|多少元|给多少|奖励多少|补贴多少|资助多少|标准是(?!哪)|额度|多少补贴|多少奖励|"
                          r"多少资助|拿到多少|拿多少|(?<!什么人)(?<!哪些人)(?<!谁)能拿|补多少|(?:补助|津贴|补偿|赔偿|报销|交|缴|付)多少(?![个人天年次分月岁名户家项条平公%])|收[^，。？]{0,4}费|要钱|花钱|免费|罚款[^，。？]{0,4}多少|罚多少|罚款是|罚金")),
    # "能申请吗" asks whether one qualifies, "怎么申请" asks how.
    ("procedure", re.compile(r"怎么申|如何申|去哪|哪里申|在哪申|找谁申|申请流程|申报流程|申请时间|申报时间|申请程序|申报程序|"
                             r"受理|流程|手续|截止|期限|电话|地址|网址|邮箱|办理|"
                             # "去哪个窗口办" asks where; "开助餐窗口的模式" names a service
                             r"(?:哪个|什么|哪些|哪|到|去|在)窗口|窗口(?:在哪|是哪|地址|电话|办)|怎么报|如何报|需要提交|联系人|"
                             # "要带什么材料" asks for materials; "合金材料" names a product
                             r"(?:什么|哪些|要|带|准备|提交|提供|申请|申报|所需|需要)[^，。？]{0,3}[材资]料|[材资]料(?:有哪些|清单|是什么)")),
    ("cap", re.compile(r"上限|封顶|最多|最高|顶格|不超过多少")),
    ("deadline", re.compile(r"哪一年|哪年|什么时候|何时|哪天|哪一天|哪几天|哪几日|截至何时|期限|(?<!哪)几点|几月几[号日]|几号|截止到|截至到")),
    # "报销比例是多少", "费率多少": a share, answered by a percentage (20%, 百分之九十, 八成, 1.5倍)
    ("ratio", re.compile(r"比例|比率|费率|百分之几|几成|多少%")),
    # How long, not when: answered by a length of time ("15个工作日", "3个月至6个月"), never a date.
    ("duration", re.compile(r"(?:多长时间|多久|几个?工作日|(?<![哪那这前头])几天|(?<![哪那这前头])几个月|(?<![哪那这前头])几年(?!级)|多少年|"
                            r"多少个?(?:工作日|自然日|天|个月|小时))|"
                            r"最长(?:能|可以)?[^，。？]{0,4}(?:多长|几)|期限[^，。？]{0,6}多长|多长的?期限")),
    ("number", re.compile(r"多少|多大|多高|多长|(?<![那这前头])几(?!乎)")),  # "报名那几天" names days
    # "哪个部门负责", "牵头单位是谁"; "单位被认定为见习基地以后" names the employer, asks no unit
    ("unit", re.compile(r"(?:哪个|哪些|哪家|什么|哪|谁)[^，。？]{0,4}(?:部门|单位|机构|机关)|(?:部门|单位|机构|机关)[^，。？]{0,2}(?:是谁|是哪|有哪些|有谁)|"
                        r"负责|牵头|配合|谁管|找谁|主管")),
    ("list", re.compile(r"哪些|哪几|分别|几类|几种|几个条件|各补|各奖|各给")),
    ("count", re.compile(r"几个(?!月|工作日|自然日|小时|星期|季度)|多少个(?!月|工作日|自然日|小时|星期|季度)|几家|一共|总共|共有|数量")),
    ("eligibility", re.compile(r"能不能|能否|可以[^，。？]{0,14}吗|符合|够不够|有没有资格|能享受|算不算|有资格|"
                               r"能[^，。？多]{0,14}(?:申请|享受|领|办|参加|报名|入住|认定|拿|参保|落户|入户)[^，。？多]{0,12}吗")),
    ("condition", re.compile(r"条件|要求|资格|(?:什么样?的?|哪些|哪类)人(?:能|可以|才能)|谁(?:能|可以)(?:拿|领|享受|申请)")),  # who qualifies
    ("definition", re.compile(r"什么是|是指|指的是|定义")),
    # "合同快到期了" is about a contract: 到期 asks about the document only when it names one.
    ("validity", re.compile(r"有效期|施行|失效|废止|(?:开始|起|哪天|何时|什么时候)(?:实施|执行|生效)|(?:实施|生效)(?:日期|时间)|(?:政策|办法|文件|通知|规定|意见|方案|细则|措施|条例|指引)[^，。？]{0,6}"
                            r"(?:到期|过期|作废|还有效|有效吗|还能用)|^(?:那|这)?(?:现在|目前)?(?:还|是否)?(?:有效|过期)吗?[吗？?]")),
    ("metadata", re.compile(r"文号|字号|发文|印发|落款|哪个单位发|谁发|(?:哪天|哪一天|何时|什么时候)(?:公布|发布|发的|发出)|(?:公布|发布)(?:日期|时间|单位|机关|部门)"
                            r"|(?:哪个|哪些)(?:单位|部门|机关)[^，。？]{0,3}(?:发布|发的|公布|印发|出的|发出)")),
    # "逾期不认证会怎么样？": what follows from doing or not doing something
    ("consequence", re.compile(r"会怎么?样|会如何|会有什么(?:后果|影响)|后果|会不会被|会被?(?:怎么|如何|咋)(?:处理|处罚|处置|处里|办)|会受到什么|"
                               r"^那?(?:怎么|如何|怎样)(?:处理|处罚|处置)[?？]?$")),  # the part after "由谁来管？": what is done
)
WHICH_ORG_RE = re.compile(r"(哪家|哪一家|哪个|什么)[\u4e00-\u9fff]{0,8}?(公司|银行|机构|事务所|医院|高校)")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|元|%|个|家|人)?")


# What a sentence must hold to answer an asked type (by shape, for any document).
_HOLDS: dict[str, re.Pattern] = {
    "amount": re.compile(r"\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|元|万(?![人户家个名辆吨台套亩平千]))|[一二两三四五六七八九十百千]+(?:万元|元)|"
                         r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)倍[^。；，]{0,8}(?:罚款|罚金|补贴|奖励|赔偿)"),  # 二倍的罚款
    "deadline": re.compile(r"\d+\s*个?(?:工作日|自然日)|\d+\s*(?:日|天|周|个月|年)(?:内|以内|之内)|"
                           r"[一二两三四五六七八九十]+个?(?:工作日|日|天|个月|月|年)(?:内|以内|之内)|"
                           r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}月\d{1,2}日|截止|期限|(?:次月|每月|当月)?\d{1,2}日(?:前|之前|以前)|"
                           r"(?:月底|年底|季末)前|"
                           r"(?:最长|不超过|最多|满)\s*(?:\d+|[一二两三四五六七八九十半]+)\s*个?(?:年|月|天|日|工作日|周)"),
    "duration": re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百半]+)\s*个?(?:工作日|自然日|天|周|星期|个月|小时|季度)|"
                           r"(?<![月\d])(?:\d+|[一二两三四五六七八九十百]+)\s*日(?:内|以内|之内)|(?<![\d年])\d{1,2}\s*年|"
                           r"[一二两三四五六七八九十半]+年|(?:即时|当场|当[日天])(?:办结|办理|受理|发放|到账|完成|出证|领取|审核|核发|生效|领证)|即办|"
                           # "转租期限不能超过承租人剩余租赁期限": a length bounded by another
                           r"(?:不得|不能|不应|不可)超过[^，。；]{0,12}期限|期限[^，。；]{0,8}(?:一致|相同)"),
    "ratio": re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[一二三四五六七八九十百]+|[一二三四五六七八九]成|(?:\d+(?:\.\d+)?|[一二两三四五六七八九十]+)倍"),
    "unit": re.compile(r"[\u4e00-\u9fff]{2,}(?:局|厅|委员会|委|办公室|办|中心|部门|机构|银行|公司|街道|镇政府|居委会|村委会)"),
    "cap": re.compile(r"(?:不超过|不高于|最高|最多|上限|封顶|以内)[^。；，]{0,12}\d|\d[^。；，]{0,6}(?:封顶|为限)"),
    "validity": re.compile(r"施行|有效期|失效|废止|生效|停止执行|有效至|执行期|自[^。；]{0,24}起[^。；]{0,12}(?:实施|执行)|"
                           r"(?:从|自)?\d{4}年\d{1,2}月(?:\d{1,2}日)?起"),  # "2026年1月起，…提高至290元": the day a standard starts
    # "本办法所称X是指…", "…的人员（以下简称X）": a sentence that says what a term means.
    "definition": re.compile(r"是指|所称|以下简称|以下称|指的是|系指|定义为"),
    # "逾期未认证的，暂停发放", "逾期不办理则视为自动放弃", "超出部分由本人自理": what follows
    "consequence": re.compile(r"视为|暂停|中止|终止|停止|取消|不予|不再(?:享受|发放|受理)|自理|"
                              r"自行承担|追回|退回|收回|解除|责令|罚款|处以|没收|依法追究|逾期(?:未|不)"),
}


# A heading that names the kind of thing asked: the sections of a service guide (办理时限, 收费标准,
# 所需材料, 受理单位, 受理条件) answer "多久", "收费吗", "带什么", "去哪办", "能不能办".
_HEADING_NAMES: dict[str, re.Pattern] = {
    "duration": re.compile(r"时限|期限|时长"),
    "deadline": re.compile(r"时间|日期"),
    "amount": re.compile(r"标准|金额|额度|收费|费用"),
    "cap": re.compile(r"标准|限额|上限"),
    "procedure": re.compile(r"流程|程序|方式|材料|渠道|窗口|地点|途径"),
    "unit": re.compile(r"单位|部门|窗口|机构"),
    "condition": re.compile(r"条件|对象|资格|范围"),
    "eligibility": re.compile(r"条件|对象|资格|范围"),
    "validity": re.compile(r"有效期|施行|实施日期"),
    "ratio": re.compile(r"比例|费率|标准"),
}


_TAKES_RE = re.compile(r"多久|多长时间|工作日|几天")  # how long it takes, not a term to reach (满几年)
_LABEL_RE = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]?\s*")


def heading_names_asked(path: tuple[str, ...], asked: tuple[str, ...], question: str = "") -> bool:
    """A short heading above the clause names what is asked ("六、办理时限" for "多久能办好")."""
    kinds = [k for k in asked if k in _HEADING_NAMES and (k != "duration" or _TAKES_RE.search(question))]
    return any(len(h) <= 12 and _HEADING_NAMES[k].search(h) for h in path for k in kinds)


def names_a_kind(heading: str) -> bool:
    """A guide's section heading: a kind of thing and little else ("办理时限", "三、受理单位")."""
    bare = _LABEL_RE.sub("", heading).strip()
    return 2 <= len(bare) <= 8 and any(p.search(bare) for p in _HEADING_NAMES.values())


def asked_words(text: str, asked: tuple[str, ...]) -> list[str]:
    """The words of the question that ask for those kinds ("多久", "收费吗")."""
    return [m.group(0) for kind, pattern in ASKED_PATTERNS if kind in asked for m in pattern.finditer(text)]


FREE_RE = re.compile(r"不收费|免费(?!服务包|包)|不收取[^。；]{0,6}费|免收|免交|无需缴费|无需付费")  # 免费服务包 is a name
FEE_Q_RE = re.compile(r"收[^，。？]{0,4}费|(?<![补津])费|要钱|花钱|交钱|免费|门票|价格")  # a charge, not an allowance


def states_free(sentence: str, question: str) -> bool:
    """Asked about a charge ("要收手续费吗"), a sentence saying none is due ("不收费") states its sum."""
    return bool(FEE_Q_RE.search(question) and FREE_RE.search(sentence))


def holds_asked_type(sentence: str, asked: tuple[str, ...]) -> bool:
    """Whether a sentence holds something of a kind the question asks for."""
    return any(kind in _HOLDS and _HOLDS[kind].search(sentence) for kind in asked)


_OTHER_ASK_RE = re.compile(r"怎么|怎样|如何|什么|哪|吗|是否")


def naming_span(text: str) -> bool:
    """"前面几个月的差额怎么处理": every span of time is followed by 的 and something else asks;
    the span names a thing ("多长时间的药？" still asks how long)."""
    spans = list(dict(ASKED_PATTERNS)["duration"].finditer(text))
    return bool(spans) and all(text[m.end():m.end() + 1] == "的" for m in spans) and bool(_OTHER_ASK_RE.search(text))


def asked_types(text: str) -> tuple[AnswerType, ...]:
    found = tuple(kind for kind, pattern in ASKED_PATTERNS if pattern.search(text)
                  and not (kind == "duration" and naming_span(text)))
    return found or ("other",)


def numbers_in(text: str) -> tuple[str, ...]:
    return tuple(m.group(0).strip() for m in _NUMBER_RE.finditer(text) if not re.fullmatch(r"20\d\d", m.group(0)))


@dataclass(frozen=True)
class FollowUp:
    """How an elliptical question was completed from the conversation.

    `previous`: the earlier user question it continues (normalised), if any;
    `cited`: (doc_id, clause_id) the previous answer's first claim cites, for "这一条…" questions;
    `lean`: set when the question, refused on its own words, is read again with `previous`."""

    previous: str = ""
    cited: tuple[str, str] | None = None
    lean: bool = False  # the clause that answers may cover the previous turn's words instead of its own


@dataclass(frozen=True)
class Question:
    text: str  # normalised (NFKC, simplified, the documents' own terms)
    scope: Scope
    intent: Intent  # kind (route), roles, years, threshold, list/count flags
    asked: tuple[AnswerType, ...]  # what is asked for, by its words
    subjects: tuple[Entity, ...] = ()
    units: tuple[Entity, ...] = ()
    numbers: tuple[str, ...] = ()
    followup: FollowUp | None = None
    retrieval_query: str = ""  # what is searched (with the continued question for follow-ups)
    focus: str = ""  # what sentences are scored against (without the words that named the document)
    matching: str = ""  # the enterprise description to match (with the turns it refines), if it asks that
    spelled: tuple[tuple[str, str], ...] = ()  # (abbreviation, the documents' full form): 公租房 -> 公共租赁住房
    history: tuple[dict, ...] = field(default=(), compare=False)

    @property
    def years(self) -> list[str]:
        return self.intent.years

    @property
    def doc_ids(self) -> list[str] | None:
        return self.scope.ids

    def asks(self, kind: AnswerType) -> bool:
        return kind in self.asked
