"""Interface strings of the quiz page and the profile picker."""

STRINGS: dict[str, dict[str, str]] = {
    "quiz.due": {"en": "{n} card(s) to study now · profile: {name}", "zh": "现在有 {n} 张卡片待学习 · 学习者：{name}"},
    "quiz.all_done": {
        "en": "Nothing is due. Come back later, or raise the daily limit of new cards in the sidebar.",
        "zh": "目前没有到期的卡片。稍后再来，或在侧栏提高每日新卡片上限。",
    },
    "quiz.new_per_day": {"en": "New cards per day", "zh": "每日新卡片数"},
    "quiz.notes": {"en": "Your answer (optional)", "zh": "你的回答（可选）"},
    "quiz.notes_hint": {
        "en": "Jot down your answer before you reveal; Space reveals.",
        "zh": "查看答案前先写下你的回答；按空格键显示答案。",
    },
    "quiz.tick": {"en": "Which key points did you cover?", "zh": "你的回答涵盖了哪些要点？"},
    "quiz.suggested": {
        "en": "You covered {hit} of {total} points: suggested rating **{rating}**. Keys 1-4 rate.",
        "zh": "你涵盖了 {total} 个要点中的 {hit} 个：建议评分 **{rating}**。按 1-4 键评分。",
    },
    "quiz.mode": {"en": "Mode", "zh": "模式"},
    "quiz.mode.flashcards": {"en": "Flashcards", "zh": "抽认卡"},
    "quiz.mode.choice": {"en": "Multiple choice", "zh": "选择题"},
    "mc.pick": {"en": "Your answer", "zh": "你的答案"},
    "mc.check": {"en": "Check", "zh": "检查"},
    "mc.right": {"en": "Right. Saved to your schedule as Good.", "zh": "正确。已按“良好”记入复习计划。"},
    "mc.wrong": {"en": "Not quite. Saved to your schedule as Again.", "zh": "不对。已按“重来”记入复习计划。"},
    "mc.next": {"en": "Next question", "zh": "下一题"},
    "rating.again": {"en": "Again", "zh": "重来"},
    "rating.hard": {"en": "Hard", "zh": "困难"},
    "rating.good": {"en": "Good", "zh": "良好"},
    "rating.easy": {"en": "Easy", "zh": "简单"},
    "profile.label": {"en": "Studying as", "zh": "当前学习者"},
    "profile.add": {"en": "New profile", "zh": "新建学习者"},
    "profile.new": {"en": "Name", "zh": "名字"},
    "profile.create": {"en": "Create", "zh": "创建"},
    "profile.unavailable": {
        "en": "Progress cannot be saved: {error}",
        "zh": "无法保存学习进度：{error}",
    },
}
