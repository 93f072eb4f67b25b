"""Display clean-up of bank Markdown."""

from engine.text import unwrap_cjk


def test_a_line_break_between_chinese_characters_is_removed():
    assert unwrap_cjk("稀疏激活是\n指大部分") == "稀疏激活是指大部分"
    assert unwrap_cjk("- 激活值，\n  只是输入") == "- 激活值，只是输入"


def test_breaks_next_to_latin_text_lists_and_paragraphs_stay():
    text = "使用 ReLU\n函数\n\n新段落\n- 列表项\nplain\nEnglish"
    assert unwrap_cjk(text) == text


def test_code_blocks_are_untouched():
    text = "说明\n文字\n```python\n# 示例\n# 注释\nx = 1\n```\n结尾\n句子"
    assert unwrap_cjk(text) == "说明文字\n```python\n# 示例\n# 注释\nx = 1\n```\n结尾句子"
