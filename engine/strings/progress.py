"""Interface strings of the progress page."""

STRINGS: dict[str, dict[str, str]] = {
    "progress.coming": {
        "en": (
            "Progress tracking is on its way: due cards, a 14-day forecast, retention and "
            "mastery per topic, saved on this machine."
        ),
        "zh": "学习进度即将上线：待复习卡片、14 天预测、记忆保持率和各主题掌握程度，保存在本机。",
    },
}
