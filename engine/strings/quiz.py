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
    "quiz.mode.predict": {"en": "Predict the number", "zh": "估算数值"},
    "quiz.mode.mock": {"en": "Mock interview", "zh": "模拟面试"},
    "quiz.retention": {"en": "Desired retention", "zh": "目标记忆保持率"},
    "quiz.retention_help": {
        "en": (
            "The chance of recalling a card when it comes due that the schedule aims at. Higher means "
            "shorter intervals and more reviews; FSRS suggests 0.70 to 0.97 (default 0.90)."
        ),
        "zh": "卡片到期时希望达到的回忆概率。越高，间隔越短、复习越多；FSRS 建议 0.70 到 0.97（默认 0.90）。",
    },
    "quiz.cram": {"en": "Cram (ignore the schedule)", "zh": "突击模式（忽略复习计划）"},
    "quiz.cram_help": {
        "en": (
            "Go through every card that matches the filters, in random order, due or not. Ratings in "
            "cram mode do not change the schedule."
        ),
        "zh": "按随机顺序过一遍符合筛选条件的所有卡片，无论是否到期。突击模式下的评分不改变复习计划。",
    },
    "quiz.cram_left": {
        "en": "Cram: {left} of {total} card(s) left · ratings do not change the schedule · profile: {name}",
        "zh": "突击模式：还剩 {left} / {total} 张卡片 · 评分不改变复习计划 · 学习者：{name}",
    },
    "quiz.cram_done": {
        "en": "You went through all {total} card(s) that match the filters.",
        "zh": "符合筛选条件的 {total} 张卡片已全部过完。",
    },
    "quiz.cram_again": {"en": "Shuffle and start again", "zh": "重新洗牌再来一遍"},
    "quiz.no_match": {
        "en": "No question matches the filters in this mode. Clear a filter in the sidebar.",
        "zh": "此模式下没有符合筛选条件的题目。请在侧栏清除筛选条件。",
    },
    "quiz.leech": {
        "en": (
            "Leech: you have failed this card {n} times. Read the explanation and the references, "
            "and rewrite the answer in your own words before rating it again."
        ),
        "zh": "难点卡片：这张卡片你已忘记 {n} 次。请先阅读解析和参考文献，用自己的话重写答案，再评分。",
    },
    "mc.pick": {"en": "Your answer", "zh": "你的答案"},
    "mc.check": {"en": "Check", "zh": "检查"},
    "mc.right": {"en": "Right.", "zh": "正确。"},
    "mc.wrong": {"en": "Not quite.", "zh": "不对。"},
    "mc.right_saved": {"en": "Saved to your schedule as Good.", "zh": "已按“良好”记入复习计划。"},
    "mc.wrong_saved": {"en": "Saved to your schedule as Again.", "zh": "已按“重来”记入复习计划。"},
    "mc.not_scheduled": {
        "en": "Cram mode: the answer is kept in your history but does not change the schedule.",
        "zh": "突击模式：答案记入历史，但不改变复习计划。",
    },
    "mc.next": {"en": "Next question", "zh": "下一题"},
    "rating.again": {"en": "Again", "zh": "重来"},
    "rating.hard": {"en": "Hard", "zh": "困难"},
    "rating.good": {"en": "Good", "zh": "良好"},
    "rating.easy": {"en": "Easy", "zh": "简单"},
    "profile.label": {"en": "Studying as", "zh": "当前学习者"},
    "profile.add": {"en": "New profile", "zh": "新建学习者"},
    "profile.new": {"en": "Name", "zh": "名字"},
    "profile.create": {"en": "Create", "zh": "创建"},
    "profile.not_saved": {
        "en": "Your last answer was not saved: {error}. Everything saved before it is untouched.",
        "zh": "你刚才的回答没有保存：{error}。之前保存的进度没有受到影响。",
    },
    "profile.read_only": {
        "en": "You can look at your progress, but new answers cannot be saved: {error}.",
        "zh": "可以查看学习进度，但无法保存新的回答：{error}。",
    },
    "profile.unavailable": {
        "en": "Progress cannot be saved: {error}",
        "zh": "无法保存学习进度：{error}",
    },
    "mock.intro": {
        "en": (
            "Answer each question aloud or in the notes as you would in an interview, against the clock. "
            "Press **I'm done** (Space) to stop the clock and see the answer, then grade yourself (keys 1-4); "
            "each grade feeds the card's schedule. The filters in the sidebar pick the pool."
        ),
        "zh": (
            "像真实面试一样，计时作答：口头回答或写在笔记里。按 **答完了**（空格键）停止计时并查看答案，"
            "然后给自己评分（按 1-4 键）；每个评分都会记入该卡片的复习计划。侧栏的筛选条件决定题目范围。"
        ),
    },
    "mock.n": {"en": "Number of questions", "zh": "题目数量"},
    "mock.pool": {"en": "{n} question(s) match the filters.", "zh": "有 {n} 道题符合筛选条件。"},
    "mock.start": {"en": "Start the interview", "zh": "开始面试"},
    "mock.progress": {"en": "Question {i} of {n}", "zh": "第 {i} / {n} 题"},
    "mock.clock": {"en": "Time on this question", "zh": "本题用时"},
    "mock.notes_hint": {"en": "Your answer, as you would give it.", "zh": "像面试时那样写下你的回答。"},
    "mock.done": {"en": "I'm done: show the answer", "zh": "答完了：显示答案"},
    "mock.grade": {"en": "How did you do?", "zh": "你答得怎么样？"},
    "mock.end": {"en": "End the interview now", "zh": "现在结束面试"},
    "mock.finished": {
        "en": "Interview over: {n} question(s) answered in {total}.",
        "zh": "面试结束：共回答 {n} 道题，用时 {total}。",
    },
    "mock.col.question": {"en": "Question", "zh": "题目"},
    "mock.col.topic": {"en": "Topic", "zh": "主题"},
    "mock.col.time": {"en": "Time", "zh": "用时"},
    "mock.col.grade": {"en": "Self-grade", "zh": "自评"},
    "mock.weakest": {"en": "Weakest topics", "zh": "最薄弱的主题"},
    "mock.topic_line": {
        "en": "**{topic}**: mean grade {grade} of 4 over {n} question(s), {time} per question",
        "zh": "**{topic}**：{n} 道题平均自评 {grade}/4，每题 {time}",
    },
    "mock.again": {"en": "Start another interview", "zh": "再来一场"},
}
