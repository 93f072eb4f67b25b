"""Interface strings of the predict-the-number quiz."""

STRINGS: dict[str, dict[str, str]] = {
    "predict.intro": {
        "en": "A fresh problem each time, with new numbers. Work it out, then type the number.",
        "zh": "每次都是一道数字全新的题。先算出来，再输入数值。",
    },
    "predict.problem": {"en": "Problem `{template}` · seed {seed}", "zh": "题型 `{template}` · 种子 {seed}"},
    "predict.answer": {"en": "Your answer", "zh": "你的答案"},
    "predict.check": {"en": "Check", "zh": "检查"},
    "predict.next": {"en": "Next problem", "zh": "下一题"},
    "predict.right": {
        "en": "Right: you answered {given}; the exact answer is {answer}.",
        "zh": "正确：你的答案是 {given}；精确答案是 {answer}。",
    },
    "predict.wrong": {
        "en": "Not quite: you answered {given}; the answer is {answer} (accepted: {low} to {high}).",
        "zh": "不对：你的答案是 {given}；正确答案是 {answer}（可接受范围：{low} 到 {high}）。",
    },
    "predict.wrong_exact": {
        "en": "Not quite: you answered {given}; the answer is exactly {answer}.",
        "zh": "不对：你的答案是 {given}；正确答案恰好是 {answer}。",
    },
    "predict.solution": {"en": "Worked solution", "zh": "解题过程"},
    "predict.no_match": {
        "en": "No kind of problem matches the topic filter. Clear it in the sidebar.",
        "zh": "没有题型符合主题筛选条件。请在侧栏清除筛选。",
    },
    "predict.rule.percent": {
        "en": (
            "Answer in percent, within ±{tol} percentage point(s). 84.1, 84.1% and the fraction 0.841 all mean "
            "84.1%: a bare number of 1 or less is read as a fraction, so type 0.5% for half a percent."
        ),
        "zh": (
            "以百分数作答，误差不超过 ±{tol} 个百分点。84.1、84.1% 和小数 0.841 都表示 84.1%："
            "不带 % 且不大于 1 的数按小数理解，所以半个百分点要写成 0.5%。"
        ),
    },
    "predict.rule.count": {
        "en": "Answer with a whole number, exactly. Commas may separate thousands: 1,024.",
        "zh": "以整数作答，必须完全正确。可以用逗号分隔千位：1,024。",
    },
    "predict.rule.millions": {
        "en": "Answer in millions with a whole number, exactly: 1536, 1,536 and 1536 M all mean 1,536 million.",
        "zh": "以百万为单位、用整数作答，必须完全正确：1536、1,536 和 1536 M 都表示 1,536 百万。",
    },
    "predict.unit.millions": {"en": "{n} million", "zh": "{n} 百万"},
    "predict.error.empty": {"en": "Type a number first.", "zh": "请先输入一个数。"},
    "predict.error.not_number": {
        "en": "That is not a number. Type digits with an optional decimal point, e.g. 84.1 or 1,024.",
        "zh": "这不是一个数。请输入数字，可带小数点，例如 84.1 或 1,024。",
    },
    "predict.error.comma": {
        "en": "Commas may only separate thousands (1,024); use a point for decimals (84.1).",
        "zh": "逗号只能用来分隔千位（1,024）；小数请用小数点（84.1）。",
    },
    "predict.error.percent_range": {
        "en": "A percentage is between 0 and 100.",
        "zh": "百分数应在 0 到 100 之间。",
    },
    "predict.error.negative": {"en": "A count cannot be negative.", "zh": "数量不能是负数。"},
    "predict.error.too_large": {"en": "That number is too large.", "zh": "这个数太大了。"},
}
