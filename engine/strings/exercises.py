"""Interface strings of the coding exercises page."""

STRINGS: dict[str, dict[str, str]] = {
    "ex.nav": {"en": "Exercises", "zh": "编程练习"},
    "ex.try": {"en": "Write it yourself and get it graded", "zh": "自己动手写，并自动评分"},
    "ex.none": {"en": "No question in the bank has a coding exercise.", "zh": "题库中没有带编程练习的题目。"},
    "ex.pick": {"en": "Exercise", "zh": "练习"},
    "ex.not_found": {
        "en": "There is no exercise `{id}`; showing the first one instead.",
        "zh": "没有练习 `{id}`，已改为显示第一个练习。",
    },
    "ex.open_question": {"en": "Open the question", "zh": "查看题目"},
    "ex.write": {"en": "Write:", "zh": "需要实现："},
    "ex.setup": {
        "en": "The tests' shared inputs (names the calls below may use)",
        "zh": "测试共用的输入（下方调用中可能用到的名字）",
    },
    "ex.code": {"en": "Your code", "zh": "你的代码"},
    "ex.code_help": {
        "en": "Tab moves the focus out of the box; indent with spaces.",
        "zh": "Tab 键会把焦点移出输入框；请用空格缩进。",
    },
    "ex.edit": {"en": "Edit", "zh": "编辑"},
    "ex.preview": {"en": "Highlighted", "zh": "高亮预览"},
    "ex.reset": {"en": "Reset to the starter code", "zh": "恢复为初始代码"},
    "ex.run": {"en": "Run the examples", "zh": "运行示例"},
    "ex.submit": {"en": "Submit", "zh": "提交"},
    "ex.submit_help": {
        "en": "Runs the examples and the hidden tests; the result counts as a review of the question.",
        "zh": "运行示例和隐藏测试；结果会记为这道题的一次复习。",
    },
    "ex.running": {"en": "Running your code in the sandbox…", "zh": "正在沙箱中运行你的代码……"},
    "ex.show_solution": {"en": "Show the reference solution", "zh": "显示参考答案"},
    "ex.solution": {"en": "Reference solution", "zh": "参考答案"},
    "ex.off": {
        "en": (
            "Running code is turned off on this server (`SPARSELAB_CODE_EXEC=off`), so nothing you write here is "
            "executed. You can still read the exercise and the reference solution."
        ),
        "zh": (
            "本服务器已关闭代码运行（`SPARSELAB_CODE_EXEC=off`），这里写的代码不会被执行。"
            "你仍然可以阅读练习和参考答案。"
        ),
    },
    "ex.isolation.unshare": {
        "en": (
            "Weaker sandbox here: bubblewrap is not available, so your code runs without network access but can "
            "read and write the files this app can. Run only code you trust."
        ),
        "zh": "此处沙箱较弱：没有 bubblewrap，你的代码无法联网，但能读写本应用可访问的文件。请只运行你信任的代码。",
    },
    "ex.isolation.rlimits": {
        "en": (
            "Weakest sandbox here: neither bubblewrap nor unshare is available, so your code runs only with resource "
            "limits in a temporary folder; it can reach the network and the files this app can. Run only code you "
            "trust."
        ),
        "zh": (
            "此处沙箱最弱：没有 bubblewrap 也没有 unshare，你的代码只受资源限制、在临时目录中运行，"
            "能联网，也能访问本应用可访问的文件。请只运行你信任的代码。"
        ),
    },
    "ex.all_passed": {"en": "All {total} test(s) passed.", "zh": "全部 {total} 个测试通过。"},
    "ex.some_failed": {"en": "{passed} of {total} test(s) passed.", "zh": "{total} 个测试中通过了 {passed} 个。"},
    "ex.stopped": {"en": "The run was stopped: {reason}.", "zh": "运行被终止：{reason}。"},
    "ex.error": {"en": "Your code could not be graded.", "zh": "你的代码无法评测。"},
    "ex.not_run": {"en": "{n} test(s) did not run.", "zh": "有 {n} 个测试没有运行。"},
    "ex.output": {"en": "What your code printed", "zh": "你的代码打印的内容"},
    "ex.saved": {
        "en": "Saved to your schedule as {rating} (profile: {name}).",
        "zh": "已按“{rating}”记入复习计划（学习者：{name}）。",
    },
    "ex.not_saved": {
        "en": "Not saved: the progress database is unavailable.",
        "zh": "未保存：进度数据库不可用。",
    },
    "ex.run_note": {
        "en": "Examples only; Submit also runs the hidden tests.",
        "zh": "只运行了示例；提交时还会运行隐藏测试。",
    },
}
