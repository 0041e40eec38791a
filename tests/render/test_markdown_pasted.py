"""Notes pasted from Google Docs and Notion read as their author meant (a Paris user's notes came
out as one run-together paragraph, and a Notion callout with its asterisks printed)."""

from __future__ import annotations

from generator.render.markdown import Notes


def test_google_docs_bullets_are_a_list_nested_by_their_glyph() -> None:
    html = Notes().html(
        "À retenir :\n•\tPréparer le pitch\n◦\tla version courte\n•\tApporter le CV\nEnsuite, le café."
    )
    assert html.count("<ul>") == 2 and "<li>la version courte</li>" in html
    assert "<li>Apporter le CV</li>" in html and "<p>Ensuite, le café.</p>" in html


def test_a_notion_callout_is_a_quote_whose_markdown_is_read() -> None:
    html = Notes().html("<aside>\n💡 Toujours **concis**\n\n- un point\n</aside>\n\nAprès.")
    assert "<blockquote>" in html and "<strong>concis</strong>" in html and "**" not in html
    assert "<li>un point</li>" in html and "<p>Après.</p>" in html


def test_code_and_ordinary_lists_are_left_as_written() -> None:
    notes = Notes()
    assert "<li>" not in notes.html("```\n•\tnot a list\n```")
    assert notes.html("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
