"""Chinese answer and refusal templates. Tests assert on these names, not on copies."""
from __future__ import annotations

import string
from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    name: str
    text: str

    @property
    def variables(self) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(self.text) if field}

    def render(self, **values) -> str:
        missing = self.variables - values.keys()
        if missing:
            raise KeyError(f"template {self.name} is missing {sorted(missing)}")
        return self.text.format(**values)


# The refusal sentence: every refusal starts with it.
REFUSAL = "抱歉，现有政策文件中没有找到能回答这个问题的规定。"
NOT_IN_DOCUMENT = Template("not_in_document", "文件未规定{what}。")
REFUSAL_OFF_TOPIC = "抱歉，我只能回答与已收录政策文件有关的问题。"
REFUSAL_INJECTION = "抱歉，我只能依据政策文件原文回答问题，不能更改规则或透露系统设置。"
NEAR_MISS = Template("near_miss", "{refusal}文件规定的是：{what}")
YEAR_NOT_COVERED = Template("year_not_covered", "文件未规定{year}年的目标；文件规定的是{years}年目标：{targets}")
EMPTY_QUESTION = "请输入问题。"
TOO_LONG = Template("too_long", "问题过长（{length} 字），请精简到 {limit} 字以内。")
# A refusal under the user's 文件范围 (only the chosen documents were searched).
SCOPE_ELSEWHERE = Template("scope_elsewhere", "（本次只在所选文件{chosen}中查找；{others}中有相关内容，可在“文件范围”中改选。）")
SCOPE_NOTHING_ELSEWHERE = Template("scope_nothing_elsewhere", "（本次只在所选文件{chosen}中查找；其他已收录文件中也没有找到相关规定。）")

# Enterprise matching in chat (assistant/matching/chat.py)
MATCH_NONE = Template("match_none", "没有找到符合的扶持措施。")
MATCH_DISCLAIMER = Template("match_disclaimer", "说明：以上依据文件原文逐条比对，金额为条文所写或按条文计算；是否符合、最终金额以主管部门审核为准。")
