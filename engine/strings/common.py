"""Interface strings shared by every page: navigation, the bank, questions and demos."""

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "SparseLab", "zh": "SparseLab"},
    "app.tagline": {
        "en": "Interview prep on sparse activation: questions, live demos, self-quiz.",
        "zh": "稀疏激活面试准备：题库、交互演示与自测。",
    },
    "nav.browse": {"en": "Questions", "zh": "题库"},
    "nav.demos": {"en": "Demos", "zh": "演示"},
    "nav.quiz": {"en": "Quiz", "zh": "自测"},
    "nav.progress": {"en": "Progress", "zh": "进度"},
    "sidebar.language": {"en": "Language", "zh": "语言"},
    "bank.broken": {
        "en": "{n} bank file(s) could not be loaded; the other questions are available.",
        "zh": "有 {n} 个题库文件无法加载；其余题目仍可使用。",
    },
    "browse.search": {"en": "Search (English or 中文)", "zh": "搜索（中文或 English）"},
    "browse.search_help": {
        "en": "Matches question, answer, explanation and key points in both languages.",
        "zh": "在两种语言的题目、答案、解析和要点中查找。",
    },
    "browse.topic": {"en": "Topic", "zh": "主题"},
    "browse.difficulty": {"en": "Difficulty", "zh": "难度"},
    "browse.kind": {"en": "Kind", "zh": "类型"},
    "browse.tags": {"en": "Tags", "zh": "标签"},
    "browse.any_topic": {"en": "Any topic", "zh": "全部主题"},
    "browse.any_tag": {"en": "Any tag", "zh": "全部标签"},
    "browse.count": {"en": "{shown} of {total} questions", "zh": "共 {total} 题，显示 {shown} 题"},
    "browse.none": {"en": "No question matches these filters.", "zh": "没有符合筛选条件的题目。"},
    "browse.clear": {"en": "Clear filters", "zh": "清除筛选"},
    "browse.not_found": {"en": "There is no question with id `{id}`.", "zh": "没有 id 为 `{id}` 的题目。"},
    "browse.open": {"en": "Open", "zh": "查看"},
    "browse.more": {"en": "Show {n} more ({left} not shown yet)", "zh": "再显示 {n} 题（还有 {left} 题未显示）"},
    "upload.title": {"en": "Add your own questions", "zh": "添加自己的题目"},
    "upload.help": {
        "en": (
            "YAML files in the bank's format (see questions/README.md), up to {n} files of {mib} MiB. "
            "They are checked like the bank, kept for this session only, and shown as plain text."
        ),
        "zh": (
            "题库格式的 YAML 文件（见 questions/README.md），最多 {n} 个，每个不超过 {mib} MiB。"
            "会像题库一样校验，只在本次会话中保留，并以纯文本显示。"
        ),
    },
    "upload.label": {"en": "Question files", "zh": "题目文件"},
    "upload.added": {"en": "Added for this session: {files}", "zh": "本次会话已添加：{files}"},
    "upload.forget": {"en": "Remove the added files", "zh": "移除已添加的文件"},
    "browse.back": {"en": "All questions", "zh": "全部题目"},
    "browse.prev": {"en": "Previous", "zh": "上一题"},
    "browse.next": {"en": "Next", "zh": "下一题"},
    "q.think": {
        "en": "Think it through, or say your answer out loud, before you reveal it.",
        "zh": "先自己想一想，或者把答案说出来，再查看答案。",
    },
    "q.reveal": {"en": "Show answer", "zh": "显示答案"},
    "q.hide": {"en": "Hide answer", "zh": "隐藏答案"},
    "q.answer": {"en": "Answer", "zh": "答案"},
    "q.seed_answer": {
        "en": "The article's answer, as written (contains errors: read the correction)",
        "zh": "原文答案（含有错误，请阅读下方更正）",
    },
    "q.correction": {"en": "Correction", "zh": "更正"},
    "q.key_points": {"en": "Key points a strong answer hits", "zh": "优秀回答应涵盖的要点"},
    "q.explanation": {"en": "Explanation", "zh": "解析"},
    "q.references": {"en": "References", "zh": "参考文献"},
    "q.follow_ups": {"en": "Follow-up questions", "zh": "追问"},
    "q.open_demo": {"en": "Open the live demo", "zh": "打开交互演示"},
    "q.source_seed": {"en": "from the seed article", "zh": "来自原文"},
    "q.link": {"en": "Link to this question", "zh": "本题链接"},
    "difficulty.easy": {"en": "easy", "zh": "简单"},
    "difficulty.medium": {"en": "medium", "zh": "中等"},
    "difficulty.hard": {"en": "hard", "zh": "困难"},
    "kind.concept": {"en": "concept", "zh": "概念"},
    "kind.coding": {"en": "coding", "zh": "编程"},
    "topic.fundamentals": {"en": "Fundamentals", "zh": "基础"},
    "topic.activation-functions": {"en": "Activation functions", "zh": "激活函数"},
    "topic.encouraging-sparsity": {"en": "Encouraging sparsity", "zh": "促进稀疏"},
    "topic.architectures": {"en": "CNNs, RNNs, transformers", "zh": "CNN、RNN 与 Transformer"},
    "topic.speed": {"en": "Exploiting sparsity for speed", "zh": "利用稀疏加速"},
    "topic.conditional-computation": {"en": "Mixture of Experts", "zh": "专家混合（MoE）"},
    "topic.sparse-inputs": {"en": "Sparse inputs", "zh": "稀疏输入"},
    "topic.weight-sparsity": {"en": "Weight sparsity", "zh": "权重稀疏"},
    "topic.interpretability": {"en": "Sparse autoencoders", "zh": "稀疏自编码器"},
    "topic.coding": {"en": "Coding", "zh": "编程"},
    "demos.choose": {"en": "Demo", "zh": "演示"},
    "demos.bad_link": {
        "en": "Some link parameters were not used: {problems}. Showing defaults for those.",
        "zh": "链接中的部分参数无效：{problems}。这些参数使用默认值。",
    },
    "demos.sparsity": {"en": "Sparsity", "zh": "稀疏度"},
    "demos.sparsity_help": {
        "en": "Share of outputs that are exactly zero, measured on the sample.",
        "zh": "输出中精确为零的比例（在样本上测得）。",
    },
    "demos.exact": {"en": "Closed form", "zh": "解析值"},
    "demos.zeros": {"en": "Zero outputs", "zh": "零输出个数"},
    "demos.input_plot": {"en": "Before: the input, split at the threshold", "zh": "激活之前：输入分布（按阈值划分）"},
    "demos.output_plot": {
        "en": "After the activation: every zeroed input becomes an exact 0",
        "zh": "激活之后：所有被置零的输入都变成精确的 0",
    },
    "demos.curve_plot": {"en": "Sparsity against the threshold", "zh": "稀疏度随阈值的变化"},
    "demos.threshold.intro": {
        "en": (
            "The seed's activation `np.where(x > t, x, 0)` keeps every input above the threshold "
            "and writes 0 elsewhere. Move the threshold and watch the share of exact zeros; the "
            "closed form is the input's CDF at $t$, e.g. $\\Phi((t-\\mu)/\\sigma)$ for a normal input. "
            "The number of parameters does not change at any threshold."
        ),
        "zh": (
            "原文的激活函数 `np.where(x > t, x, 0)` 保留所有大于阈值的输入，其余写 0。拖动阈值，观察精确为零的比例；"
            "它的解析式就是输入分布在 $t$ 处的累积分布函数，例如正态输入为 $\\Phi((t-\\mu)/\\sigma)$。"
            "无论阈值取多少，参数数量都不变。"
        ),
    },
    "demos.closed_form.normal": {"en": "Φ((t − μ) / σ)", "zh": "Φ((t − μ) / σ)"},
    "demos.closed_form.uniform": {"en": "(t − a) / (b − a)", "zh": "(t − a) / (b − a)"},
    "demos.closed_form.laplace": {"en": "Laplace CDF at t", "zh": "拉普拉斯分布在 t 处的 CDF"},
    "demos.pool": {"en": "Pool share ≤ t (no closed form)", "zh": "样本池中 ≤ t 的比例（无解析式）"},
    "pattern.line": {"en": "curve", "zh": "曲线"},
    "pattern.points": {"en": "scattered points", "zh": "散点"},
    "balance.off": {"en": "off", "zh": "关"},
    "balance.on": {"en": "on", "zh": "开"},
    "dist.normal": {"en": "normal", "zh": "正态分布"},
    "dist.uniform": {"en": "uniform", "zh": "均匀分布"},
    "dist.laplace": {"en": "Laplace", "zh": "拉普拉斯分布"},
    "dist.mlp": {"en": "pre-activations of a trained MLP", "zh": "训练后 MLP 的激活前值"},
}
