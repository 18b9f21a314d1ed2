"""The app's tabs, one module each: `chat` (问答), `source` (原文), `roles` (责任分工), `targets` (发展目标)."""
