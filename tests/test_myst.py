"""coursetools/myst.py: one MyST parser, the decks' and JupyterLite's renderers."""

from __future__ import annotations

from coursetools.myst import SlideState, lite_markdown, role_text, slides_markdown

EXERCISE = (
    "(sec-ex)=\n## Exercises\n\n```{exercise}\n:label: ex-a\n\nDo {math}`x^2`.\n```"
    "\n\n:::{solution} ex-a\n:class: dropdown\nSECRET\n:::\n\n"
    "```{hint}\nSECRET HINT\n```\n"
)


def test_slides_keep_the_exercise_and_drop_solution_hint_and_label():
    text = slides_markdown(EXERCISE)
    assert text == "## Exercises\n\n**Exercise.** Do $x^2$."


def test_lite_folds_the_solution_and_keeps_the_hint_as_a_lead_in():
    text = lite_markdown(EXERCISE)
    assert text.startswith("## Exercises\n\n**Exercise.**\n\nDo $x^2$.\n")
    assert "<details><summary>Solution</summary>" in text
    assert text.index("SECRET\n") < text.index("</details>")
    assert "**Hint.**\n\nSECRET HINT" in text
    assert "(sec-ex)=" not in text and ":label:" not in text and "{" not in text
    assert text.endswith("\n")


def test_solution_markers_hide_lines_across_cells():
    state = SlideState()
    first = slides_markdown(
        "```{exercise-start}\n```\nAsk.\n```{exercise-end}\n```"
        "\n\n```{solution-start} ex-b\n```\n\nSECRET",
        state,
    )
    assert first == "**Exercise.**\nAsk." and state.in_solution
    assert slides_markdown("More SECRET.", state) == ""
    assert slides_markdown("```{solution-end}\n```\n\nAfter.", state) == "After."
    assert not state.in_solution


def test_nested_directive_in_a_longer_fence():
    source = "````{note}\nOuter.\n\n```{warning}\nInner.\n```\n````"
    assert slides_markdown(source) == "**Note.** Outer.\n\n**Warning.** Inner."
    assert lite_markdown(source) == "**Note.**\n\nOuter.\n\n**Warning.**\n\nInner.\n"


def test_code_fences_are_not_directives():
    source = "```python\nx = {'a': 1}\n```\n\nText with `code`."
    assert slides_markdown(source) == source
    assert lite_markdown(source) == source + "\n"


def test_roles_keep_their_text():
    assert role_text("doc", "Chapter 3 <chapters/03_conv_layers>") == "Chapter 3"
    assert role_text("ref", "ex-see-diagonal") == "ex see diagonal"
    assert role_text("code", "np.eye") == "`np.eye`"
    assert role_text("term", "stride") == "stride"
    assert lite_markdown("See {doc}`the intro <intro>`.") == "See the intro.\n"
