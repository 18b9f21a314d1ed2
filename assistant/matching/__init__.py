"""Enterprise matching (DESIGN §6): a profile in, the measures it qualifies for out.

Placeholder interface, filled in by issue 13: `match_profile(assistant, profile)` returns the
§6 match object as a dict; a profile it cannot read raises `core.errors.ProfileError`."""
from __future__ import annotations


def match_profile(assistant, profile: dict) -> dict:
    """The §6 match object for `profile` over the assistant's corpus."""
    from core.errors import ProfileError

    if not isinstance(profile, dict):
        raise ProfileError("profile is not an object", message_zh="企业画像必须是一个 JSON 对象。")
    return {"profile": dict(profile), "matches": [], "notes": ["匹配功能尚未实现。"]}
