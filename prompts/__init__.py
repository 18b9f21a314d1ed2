"""Named templates only. A template fails fast when a required variable is missing."""
from prompts.templates import (  # noqa: F401
    NOT_IN_DOCUMENT,
    REFUSAL,
    REFUSAL_INJECTION,
    REFUSAL_OFF_TOPIC,
    Template,
)
