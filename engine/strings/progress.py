"""Interface strings of the progress page."""

STRINGS: dict[str, dict[str, str]] = {
    "progress.caption": {
        "en": "Profile: {name} · days start at midnight in {tz}.",
        "zh": "学习者：{name} · 每天从 {tz} 的午夜开始计算。",
    },
    "progress.empty": {
        "en": "No reviews yet. Study a few cards on the Quiz page and your progress shows here.",
        "zh": "还没有复习记录。先在自测页学习几张卡片，进度就会显示在这里。",
    },
    "progress.due_today": {"en": "Due today", "zh": "今日到期"},
    "progress.due_help": {
        "en": "Cards studied before that are due by the end of today, overdue ones included.",
        "zh": "以前学过、今天结束前到期的卡片（含已逾期的）。",
    },
    "progress.new_left": {"en": "Never studied", "zh": "尚未学习"},
    "progress.reviews_today": {"en": "Reviews today", "zh": "今日复习"},
    "progress.streak": {"en": "Streak", "zh": "连续学习"},
    "progress.streak_value": {"en": "{n} day(s)", "zh": "{n} 天"},
    "progress.streak_help": {
        "en": "Days in a row with at least one review, up to today (or yesterday, if today has none yet).",
        "zh": "截至今天（若今天还没复习，则截至昨天）连续有复习记录的天数。",
    },
    "progress.retention": {"en": "Retention (30 days)", "zh": "保持率（30 天）"},
    "progress.retention_help": {
        "en": "Reviews of the last 30 days not rated Again, out of all of them.",
        "zh": "最近 30 天的复习中，未评为“重来”的比例。",
    },
    "progress.forecast": {"en": "Due in the next 14 days", "zh": "未来 14 天到期"},
    "progress.forecast_axis": {"en": "cards due", "zh": "到期卡片"},
    "progress.history": {"en": "Reviews per day, last 30 days", "zh": "最近 30 天每日复习数"},
    "progress.history_axis": {"en": "reviews", "zh": "复习次数"},
    "progress.mastery": {"en": "Mastery per topic", "zh": "各主题掌握程度"},
    "progress.mastery_help": {
        "en": (
            "Mastery is the mean chance of recalling the topic's questions right now, as FSRS predicts "
            "it from your reviews; a question never studied counts as 0."
        ),
        "zh": "掌握程度是 FSRS 根据你的复习记录预测的、此刻回忆起该主题各题的平均概率；未学过的题目计为 0。",
    },
    "progress.col.topic": {"en": "Topic", "zh": "主题"},
    "progress.col.questions": {"en": "Questions", "zh": "题目数"},
    "progress.col.studied": {"en": "Studied", "zh": "已学"},
    "progress.col.mastery": {"en": "Mastery", "zh": "掌握程度"},
    "progress.weakest": {"en": "Weakest questions", "zh": "最薄弱的题目"},
    "progress.weakest_line": {
        "en": "failed {lapses} time(s) in {reps} review(s) · recall now {recall}",
        "zh": "{reps} 次复习中忘记 {lapses} 次 · 当前回忆概率 {recall}",
    },
    "progress.leech": {"en": "Leech", "zh": "难点"},
    "progress.leeches": {"en": "Leeches", "zh": "难点卡片"},
    "progress.leeches_none": {
        "en": "No leeches: no card has been failed {n} times.",
        "zh": "没有难点卡片：没有哪张卡片被忘记 {n} 次。",
    },
    "progress.leeches_help": {
        "en": "Cards failed {n} times or more. Rewrite them in your own words, or study the explanation again.",
        "zh": "被忘记 {n} 次及以上的卡片。用自己的话重写答案，或再读一遍解析。",
    },
    "progress.mocks": {"en": "Mock interviews", "zh": "模拟面试"},
    "progress.col.started": {"en": "Started", "zh": "开始时间"},
    "progress.col.answered": {"en": "Answered", "zh": "已答"},
    "progress.col.total": {"en": "Total time", "zh": "总用时"},
    "progress.col.weakest": {"en": "Weakest topic", "zh": "最薄弱主题"},
    "progress.unfinished": {"en": "not finished", "zh": "未完成"},
    "backup.title": {"en": "Export and restore", "zh": "导出与恢复"},
    "backup.anki": {"en": "The bank as an Anki deck", "zh": "题库导出为 Anki 卡组"},
    "backup.anki_help": {
        "en": "One note per question, in English and Chinese. Importing a newer deck updates the notes in place.",
        "zh": "每道题一张笔记，中英双语。导入更新后的卡组会就地更新笔记。",
    },
    "backup.csv": {"en": "Your history as CSV", "zh": "学习记录导出为 CSV"},
    "backup.csv_help": {
        "en": "Every review and quiz answer of this profile. Import it here (or on another machine) to restore it.",
        "zh": "此学习者的全部复习和答题记录。可在这里（或另一台机器上）导入以恢复。",
    },
    "backup.restore": {"en": "Restore a history CSV", "zh": "从 CSV 恢复学习记录"},
    "backup.restore_help": {
        "en": (
            "A file saved with the button above. Reviews already stored are skipped, so importing twice adds "
            "nothing; a file with any bad row imports nothing."
        ),
        "zh": (
            "用上面的按钮保存的文件。已存在的记录会跳过，重复导入不会增加内容；文件中只要有一行有误，就什么也不导入。"
        ),
    },
    "backup.import": {"en": "Import", "zh": "导入"},
    "backup.refused": {
        "en": "Nothing was imported: the file has these problems.",
        "zh": "没有导入任何内容：文件有以下问题。",
    },
    "backup.imported": {
        "en": "Imported {reviews} review(s) and {attempts} quiz answer(s); {skipped} row(s) were already stored.",
        "zh": "已导入 {reviews} 条复习和 {attempts} 条答题记录；{skipped} 行已存在，已跳过。",
    },
}
