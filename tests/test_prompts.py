"""Prompt files: parsing, checks at load and render time, hashing, and every real prompt."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from paperqa_lite.errors import UserError
from paperqa_lite.prompts import check_all, load_prompt

ROOT_PROMPTS = Path(__file__).parents[1] / "prompts"

FEW_SHOT = """\
# variables: title, abstract
# header comment: ignored
[system]
You write TL;DRs. Output {{"tldr": ...}} JSON.
[user]
Title: Example
Abstract: An example.
[assistant]
{{"tldr": "An example."}}
[user]
Title: {title}
# not a comment inside a section
{abstract}
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_and_render_few_shot(tmp_path):
    write(tmp_path, "tldr", FEW_SHOT)
    p = load_prompt("tldr", tmp_path)
    assert p.name == "tldr"
    assert p.variables == ("title", "abstract")
    assert [role for role, _ in p.sections] == ["system", "user", "assistant", "user"]
    msgs = p.render(title="Attention {is} all", abstract="We propose {x}.")
    assert msgs == [
        {"role": "system", "content": 'You write TL;DRs. Output {"tldr": ...} JSON.'},
        {"role": "user", "content": "Title: Example\nAbstract: An example."},
        {"role": "assistant", "content": '{"tldr": "An example."}'},
        # values are inserted verbatim (their braces are not placeholders) and '#' lines
        # inside a section are content
        {"role": "user", "content": "Title: Attention {is} all\n# not a comment inside a section\n"
                                    "We propose {x}."},
    ]


def test_smoke_prompt_from_the_repo():
    p = load_prompt("smoke", ROOT_PROMPTS)
    assert p.variables == ("question",)
    msgs = p.render(question="What is 2 + 2?")
    assert [m["role"] for m in msgs] == ["system", "user"]
    assert msgs[-1]["content"] == "What is 2 + 2?"


def test_hash_is_sha256_of_bytes_and_follows_edits(tmp_path):
    path = write(tmp_path, "p", FEW_SHOT)
    first = load_prompt("p", tmp_path)
    assert first.hash == hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert load_prompt("p", tmp_path) is first  # cached while the file is unchanged
    path.write_text(FEW_SHOT.replace("You write", "You write short"), encoding="utf-8")
    second = load_prompt("p", tmp_path)
    assert second.hash != first.hash
    assert "short" in second.render(title="t", abstract="a")[0]["content"]
    path.write_text(FEW_SHOT + "\n", encoding="utf-8")  # whitespace counts too
    assert load_prompt("p", tmp_path).hash not in {first.hash, second.hash}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# variables: title\n[user]\n{title} {abstract}\n", "{abstract} is not declared"),
        ("# variables: title, abstract\n[user]\n{title}\n", "never used: abstract"),
        ("# variables: q\n[sytem]\nhi\n[user]\n{q}\n", "unknown section [sytem]"),
        ("# variables: q\n[system]\n\n  \n[user]\n{q}\n", "empty [system] section"),
        ("[user]\n{q}\n", "missing '# variables"),
        ("# variables: q\nhello\n[user]\n{q}\n", "text before the first section"),
        ("# variables: q\n[user]\n{q} {\n", "literal braces"),
        ("# variables: q\n[user]\n{q} {}\n", "must be a plain {name}"),
        ("# variables: q\n[user]\n{q!r}\n", "must be a plain {name}"),
        ("# variables: q\n[user]\n{q}\n[assistant]\nok\n", "last section must be [user]"),
        ("# variables: q\n# nothing else\n", "no [system]/[user]/[assistant] section"),
        ("# variables: 2q\n[user]\n{q}\n", "invalid variable name"),
    ],
)
def test_broken_prompt_fails_at_load(tmp_path, text, message):
    write(tmp_path, "bad", text)
    with pytest.raises(UserError) as err:
        load_prompt("bad", tmp_path)
    assert message in str(err.value)
    assert "bad.txt" in str(err.value)
    assert "\n" not in str(err.value)


def test_prompt_without_variables(tmp_path):
    write(tmp_path, "fixed", "# variables:\n[user]\nSay hello.\n")
    p = load_prompt("fixed", tmp_path)
    assert p.variables == ()
    assert p.render() == [{"role": "user", "content": "Say hello."}]


def test_render_names_missing_and_unknown_variables(tmp_path):
    write(tmp_path, "tldr", FEW_SHOT)
    p = load_prompt("tldr", tmp_path)
    with pytest.raises(UserError, match="missing variable.*abstract"):
        p.render(title="t")
    with pytest.raises(UserError, match="unknown variable.*abstrct"):
        p.render(title="t", abstract="a", abstrct="a")


def test_unknown_prompt_name(tmp_path):
    write(tmp_path, "tldr", FEW_SHOT)
    with pytest.raises(UserError, match=r"no prompt 'answer'.*have: tldr"):
        load_prompt("answer", tmp_path)
    with pytest.raises(UserError, match="invalid prompt name"):
        load_prompt("../secrets", tmp_path)


def copy_repo_prompts(folder: Path) -> Path:
    for path in ROOT_PROMPTS.glob("*.txt"):
        write(folder, path.stem, path.read_text(encoding="utf-8"))
    return folder


def test_check_all_reports_every_broken_file(tmp_path):
    copy_repo_prompts(tmp_path)
    write(tmp_path, "good", FEW_SHOT)
    write(tmp_path, "bad1", "# variables: a\n[user]\nno placeholder\n")
    write(tmp_path, "bad2", "[user]\n{a}\n")
    with pytest.raises(UserError) as err:
        check_all(tmp_path)
    assert "2 prompt problem(s)" in str(err.value)
    assert "bad1.txt" in str(err.value) and "bad2.txt" in str(err.value)
    with pytest.raises(UserError, match="prompts folder not found"):
        check_all(tmp_path / "nope")


@pytest.mark.parametrize("name, old, new, message", [
    # a consistent file (declared == used) that no longer declares what the code passes
    ("answer_factual", "# variables: question, title, evidence", "# variables: question, evidence",
     "answer_factual.txt: does not declare title"),
    ("tldr", "# variables: title, sentence", "# variables: title, sentence, style",
     "tldr.txt: declares style, which the code never passes"),
])
def test_check_all_compares_declared_variables_with_what_the_code_passes(tmp_path, name, old, new,
                                                                         message):
    copy_repo_prompts(tmp_path)
    text = (tmp_path / f"{name}.txt").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    text = text.replace("{title}", "a title") if "title" not in new else text.replace(
        "[user]\n", "[user]\n{style}\n", 1)
    write(tmp_path, name, text)
    load_prompt(name, tmp_path)  # the file on its own is consistent
    with pytest.raises(UserError, match=message):
        check_all(tmp_path)


def test_check_all_needs_every_prompt_the_code_renders(tmp_path):
    copy_repo_prompts(tmp_path)
    (tmp_path / "answer_synthesis.txt").unlink()
    with pytest.raises(UserError, match=r"1 prompt problem\(s\): prompt answer_synthesis.txt is missing"):
        check_all(tmp_path)


def test_the_registry_matches_what_the_code_renders(monkeypatch, settings, fake_embedder, fake_model):
    """REQUIRED is the code's side: record every render call of a factual answer, a
    comparative answer and an LLM TL;DR (fake model: plumbing only) and compare."""
    from paperqa_lite import answer as answer_module
    from paperqa_lite import prompts
    from paperqa_lite.answer import ask
    from paperqa_lite.pipeline import ingest_files
    from paperqa_lite.settings import SAMPLE_WEEK
    from paperqa_lite.store import Store
    from paperqa_lite.tldr import make_tldr

    seen: dict[str, set[str]] = {}
    original = prompts.Prompt.render

    def recording(self, **values):
        seen.setdefault(self.name, set()).update(values)
        return original(self, **values)

    monkeypatch.setattr(prompts.Prompt, "render", recording)
    monkeypatch.setattr(answer_module, "FACTUAL_WORDS", 5)  # the model phrases only long evidence
    ingest_files(settings, [SAMPLE_WEEK])
    model = fake_model
    model.queue(*["A phrased reply."] * 20)
    ask(settings, "What success rate does SRPO reach?", model=model)
    ask(settings, "Compare WebArena and Cybench.", model=model)
    paper = Store(settings).papers()[0]
    make_tldr(paper, model, prompts.load_prompt("tldr", settings.prompts_dir))
    assert seen == {name: set(v) for name, v in prompts.REQUIRED.items()}


def test_every_prompt_in_the_repo_loads():
    """Covers every prompts/*.txt, including ones added later."""
    names = check_all(ROOT_PROMPTS)
    assert "smoke" in names
    assert sorted(names) == sorted(p.stem for p in ROOT_PROMPTS.glob("*.txt"))
    for name in names:
        p = load_prompt(name, ROOT_PROMPTS)
        msgs = p.render(**{v: f"<{v}>" for v in p.variables})
        assert msgs[-1]["role"] == "user"
        for v in p.variables:
            assert any(f"<{v}>" in m["content"] for m in msgs)


def test_settings_default_prompts_dir_is_the_repo_folder(settings):
    assert Path(settings.prompts_dir).resolve() == ROOT_PROMPTS.resolve()


def test_a_broken_prompt_stops_llm_commands_at_start_up(isolated_home, tmp_path, monkeypatch):
    """The CLI checks every prompt before a command that prompts a model does any work."""
    from click.testing import CliRunner

    from paperqa_lite.cli import cli

    folder = tmp_path / "prompts"
    for path in ROOT_PROMPTS.glob("*.txt"):
        write(folder, path.stem, path.read_text(encoding="utf-8"))
    text = (folder / "answer_factual.txt").read_text(encoding="utf-8")
    write(folder, "answer_factual", text.replace("{question}", "{questoin}"))
    monkeypatch.setenv("PAPERQA_LITE_PROMPTS_DIR", str(folder))
    result = CliRunner().invoke(cli, ["ask", "What does SRPO do?"])
    assert result.exit_code == 2, result.output
    assert "answer_factual" in result.output and "questoin" in result.output
    assert "Traceback" not in result.output
    # a command that prompts nothing is not affected
    assert CliRunner().invoke(cli, ["papers"]).exit_code == 0
