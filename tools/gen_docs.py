"""Write docs/errors.md and docs/bad-input.md from the case corpus (tests/cases), and the
cookbook section of docs/language.md from docs/cookbook (its schemes, their cases and
``recipes.toml``).

The prose is Markdown in the case files (``about``, ``fix``, ``after``, ``title``) and in the
pages' ``_intro.md`` / ``_outro.md``; every input shown is a case's input and every output is
what running that case prints today, in a scratch folder (left out of the paths). Nothing here
knows a code. ``tests/test_cases.py`` fails while a page differs from what this writes.

    .venv/bin/python tools/gen_docs.py          # writes the pages and the cookbook section

The cookbook section shows each scheme's text as its file holds it, and its first case's
hand-worked arithmetic (the comment above ``[[case]]``) and expected figures; ``jixiao test``
checks those figures (``tests/test_cookbook.py``), so the page cannot promise a figure the
engine does not give.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import corpus  # noqa: E402
from corpus import CASES, SAMPLES, Case, Outcome  # noqa: E402

import jixiao  # noqa: E402
from jixiao.engine.diagnostics import CATALOGUE, Severity  # noqa: E402

GROUPS = {"JX0": "文件与命令 · Files and commands", "JX1": "方案语法 · Scheme syntax",
          "JX2": "方案检查 · Scheme checks", "JX3": "项目数据 · Project data",
          "JX4": "计算 · Evaluation", "JX5": "警告 · Warnings"}


def fill(template: str, values: dict[str, object]) -> str:
    """``{name}`` of the given names replaced; every other brace is left as written."""
    for key, value in values.items():
        template = template.replace("{" + key + "}", str(value))
    return template


def scrub(text: str, tmp: Path) -> str:
    for folder in (str(tmp.resolve()), str(tmp)):
        text = text.replace(folder + "/", "").replace(folder, ".")
    return text


def observe(case: Case) -> tuple[Outcome, str]:
    """The case run in a scratch folder; its outcome with the folder left out of every text,
    and what a user sees (the command and its output, in Chinese and English)."""
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        outcome = corpus.run_case(case, tmp)
        for side in (outcome.out, outcome.err):
            for lang in side:
                side[lang] = scrub(side[lang], tmp)
        shown = []
        for lang in ("zh", "en"):
            if case.limits is not None:
                call = "load_scheme" if case.run[0] == "check" else "score"
                limits = ", ".join(f"{k}={v}" for k, v in case.limits.items())
                head = f">>> jixiao.{call}({case.run[1]!r}, limits=jixiao.Limits({limits}))"
                shown.append(head + ("" if lang == "zh" else "  # --lang en") + "\n"
                             + outcome.err[lang].rstrip())
                continue
            argv = " ".join(corpus.argv(case, tmp) + (["--lang", "en"] if lang == "en" else []))
            text = outcome.err[lang] if outcome.err[lang].strip() else outcome.out[lang]
            shown.append(f"$ jixiao {scrub(argv, tmp)}\n{text.rstrip()}")
        return outcome, "\n\n".join(shown)


# ---------------------------------------------------------------------------- showing inputs


def _numbered(text: str, lines: list[int]) -> str:
    all_lines = text.split("\n")
    width = len(str(max(lines)))
    return "\n".join(f"{n:>{width}} | {all_lines[n - 1]}" if n <= len(all_lines)
                     else f"{n:>{width}} | (文件结尾 / end of file)" for n in lines)


def _cut(text: str, limit: int = 1500) -> str:
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 字符 / {len(text)} characters）"


def show_file(name: str, spec: dict[str, object], tmp: Path) -> str:
    """A case's file as the docs show it: the lines an edit changed, or the whole short text."""
    kind = spec.get("kind", "file")
    if kind != "file":
        return f"```console\n$ ls -l\n{name}: {kind}" + (
            f" ({spec['size']} bytes)" if kind == "sparse" else "") + "\n```"
    text = corpus.content(spec, tmp).decode(str(spec.get("encoding", "utf-8")), "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    fence = "text" if name.endswith(".jx") else "toml" if name.endswith(".toml") else "json" \
        if name.endswith(".json") else "text"
    note = f"（{str(spec['encoding']).upper()} 编码 / saved as {str(spec['encoding']).upper()}）" \
        if spec.get("encoding") else ""
    edits = spec.get("edit")
    if isinstance(edits, list) and "from" in spec:
        lines: set[int] = set()
        removed = []
        for old, new in edits:
            new_text = corpus.expand(str(new), tmp)
            kept = str(old).startswith(new_text) or str(old).endswith(new_text)
            if len(new_text) < len(str(old)) and kept:  # a deletion: say what went
                gone = str(old).replace(new_text, "", 1).strip()
                removed.append(f"（删去 / removed: {_cut(gone, 120)}）")
                continue
            at = text.find(new_text) if new_text else -1
            if at < 0:
                continue
            first = text.count("\n", 0, at) + 1
            lines.update(range(first, first + max(new_text.count("\n"), 0) + 1))
        if (lines or removed) and not spec.get("as_json"):
            what = (f"{name}（示例方案 {spec['from']}，改动的行 / the example scheme, lines changed）"
                    if name.endswith(".jx") else
                    f"{name}（示例数据 {spec['from']}，改动的行 / the example data, lines changed）")
            shown = [_cut(_numbered(text, sorted(lines)))] if lines else []
            return f"```{fence}\n{what}{note}:\n" + "\n".join(shown + removed) + "\n```"
    if "from" in spec and not edits and "append" not in spec:
        where = (ROOT / "tests" / "samples" / str(spec["from"])).resolve().relative_to(ROOT)
        return f"{name}: `{where.as_posix()}`{note}"
    return f"```{fence}\n# {name}{note}\n{_cut(text.rstrip())}\n```"


def show_inputs(case: Case) -> str:
    with tempfile.TemporaryDirectory() as d:
        return "\n\n".join(show_file(n, dict(s), Path(d)) for n, s in case.files.items())


# ---------------------------------------------------------------------------- docs/errors.md


def _title(code: str) -> str:
    m = CATALOGUE[code]

    def clean(t: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r"\{\w+\}", "…", t)).strip("：: ")
    return f"{clean(m.zh)} · {clean(m.en)}"


def _fix(text: str) -> str:
    zh, _, en = text.partition("\n\n")
    return f"修改 · Fix: {zh.strip()}  \n{en.strip()}" if en else f"修改 · Fix: {zh.strip()}"


def render_errors() -> str:
    intro = (CASES / "errors" / "_intro.md").read_text(encoding="utf-8")
    scheme = (SAMPLES / "small.jx").read_text(encoding="utf-8")
    numbered = "\n".join(f"{i:>2} | {line}" for i, line in enumerate(scheme.splitlines(), 1))
    sections = {s.name: s for s in corpus.sections("errors")}
    reading = observe(sections["JX202"].example or sections["JX202"].cases[0])[1]
    out = [fill(intro, {"scheme": numbered,
                        "data": (SAMPLES / "record.toml").read_text(encoding="utf-8").rstrip(),
                        "reading": reading.split("\n\n")[0].split("\n", 1)[1]})]
    group = ""
    for code in sorted(CATALOGUE):
        section = sections[code]
        if code[:3] != group:
            group = code[:3]
            out.append(f"<!-- {GROUPS.get(group, group)} -->\n")
        out.append(f"## {code} {_title(code)}\n")
        out.append(section.about + "\n")
        examples = [c for c in section.cases if c.doc]
        if not examples and not section.extra.get("no_case"):
            examples = list(section.cases[:1])
        if section.extra.get("no_case"):
            out.append(f"（没有命令行示例 · no command-line example: {section.extra['no_case']}）\n")
        for i, case in enumerate(examples):
            if i:
                out.append(case.note + "\n")
            inputs = show_inputs(case)
            if inputs:
                out.append("示例 · Example:\n")
                out.append(inputs + "\n")
            out.append("输出 · Output:\n")
            out.append(f"```console\n{observe(case)[1]}\n```\n")
        if section.after:
            out.append("> " + section.after.replace("\n", "\n> ") + "\n")
        out.append(_fix(section.fix) + "\n")
    return "\n".join(out)


# ------------------------------------------------------------------------- docs/bad-input.md


def _cell(s: str, limit: int = 160) -> str:
    s = s.replace("\r", "\\r").replace("\x00", "\\x00")
    if len(s) > limit:
        s = s[: limit - 1] + f"…（共 {len(s)} 字符）"
    return s.replace("|", "\\|").replace("\n", "<br>")


def _row(case: Case) -> str:
    name = case.id + (" ⚠" if case.bug else "")
    if case.process is not None:
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            try:
                done = corpus.run_process(case, tmp)
                last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
                seen = f"退出状态 {done.returncode}；stderr 最后一行：{scrub(last, tmp)}"
            except subprocess.TimeoutExpired:
                seen = f"{case.process} 秒内没有结束（挂起）"
        return f"| {name} | {_cell(case.note, 90)} | — | — | {_cell(seen)} | |"
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        outcome = corpus.run_case(case, tmp)
        found = [d for d in outcome.diagnostics if d.code == case.want.code] or [
            d for d in outcome.diagnostics if d.severity is Severity.ERROR]
        cells = [] if not found else [
            found[0].code + ("（警告）" if found[0].severity is Severity.WARNING else ""),
            *(scrub(x, tmp) for x in (found[0].place("zh"), found[0].message("zh"),
                                      found[0].hint("zh")))]
    if cells:
        return (f"| {name} | {_cell(case.note, 90)} | {cells[0]} | {_cell(cells[1], 60)} | "
                f"{_cell(cells[2])} | {_cell(cells[3], 120)} |")
    result = outcome.result
    seen = (f"接受：总分 {result.total}，评级 {result.grade}" if isinstance(result, jixiao.Result)
            else "接受：方案编译通过")
    return f"| {name} | {_cell(case.note, 90)} | — | — | {seen} |  |"


def render_bad_input() -> str:
    groups = corpus.sections("bad-input")
    n = sum(len(s.cases) for s in groups)
    out = [fill((CASES / "bad-input" / "_intro.md").read_text(encoding="utf-8"), {"n": n})]
    head = ("| 用例 · case | 示例输入 · example input | 代码 · code | 位置 · location | "
            "用户看到的消息 · what the user sees | 提示 · hint |\n|---|---|---|---|---|---|")
    for section in groups:
        out.append(f"## {section.title}\n")
        if section.about:
            out.append(section.about + "\n")
        out.append(head + "\n" + "\n".join(_row(c) for c in section.cases) + "\n")
    bugs: dict[str, list[str]] = {}
    for case in (c for s in groups for c in s.cases if c.bug):
        bugs.setdefault(case.bug, []).append(case.id)
    listed = "\n".join(f"- {', '.join(f'`{i}`' for i in ids)}: {bug}" for bug, ids in bugs.items())
    limits = {k: f"{v:,}" for k, v in attrs.asdict(jixiao.Limits()).items()}
    out.append(fill((CASES / "bad-input" / "_outro.md").read_text(encoding="utf-8"), {
        "bugs": listed or "无。 · None known: every case above is answered as described.",
        **limits}))
    return "\n".join(out)


# ------------------------------------------------------------- docs/language.md: the cookbook

COOKBOOK = ROOT / "docs" / "cookbook"
COOKBOOK_BEGIN = "<!-- BEGIN cookbook, generated from docs/cookbook by tools/gen_docs.py -->"
COOKBOOK_END = "<!-- END cookbook -->"
_FIGURE_NAMES = {"score": "得分", "completion": "完成率", "deviation": "偏差率", "weight": "分值",
                 "level": "等级", "actual": "完成值"}


def recipes() -> list[dict[str, str]]:
    """The cookbook's entries, in order, as ``recipes.toml`` lists them."""
    doc = tomllib.loads((COOKBOOK / "recipes.toml").read_text(encoding="utf-8"))
    return [{k: str(v) for k, v in r.items()} for r in doc["recipe"]]


def _case_comments(text: str) -> tuple[list[str], list[list[str]]]:
    """The cases file's opening comment, and for each ``[[case]]`` the comment right above it."""
    chunks = re.split(r"^\[\[case\]\]$", text, flags=re.MULTILINE)
    head: list[str] = []
    for line in chunks[0].splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    above = []
    for chunk in chunks[:-1]:
        lines = chunk.rstrip("\n").splitlines()
        block: list[str] = []
        while lines and lines[-1].startswith("#"):
            block.insert(0, lines.pop())
        above.append(block if block != head else [])
    return head, above


def _expected(expect: dict[str, object]) -> str:
    """``[case.expect]`` in words: 总分 97 · 优；预算执行 17；…"""
    parts = []
    if "error" in expect:
        parts.append(f"拒绝评分 · refused: {expect['error']}")
    if "total" in expect:
        parts.append(f"总分 · total {expect['total']}" + (
            f" {expect['grade']}" if "grade" in expect else ""))
    elif "grade" in expect:
        parts.append(f"评级 · grade {expect['grade']}")
    if "budget_rate" in expect:
        parts.append(f"执行率 · budget rate {expect['budget_rate']}")
    sections = expect.get("sections", {})
    assert isinstance(sections, dict)
    parts.extend(f"{name} {value}" for name, value in sections.items())
    indicators = expect.get("indicators", {})
    assert isinstance(indicators, dict)
    for name, figures in indicators.items():
        shown = figures if isinstance(figures, dict) else {"score": figures}
        parts.append(f"{name}：" + "，".join(f"{_FIGURE_NAMES.get(k, k)} {v}"
                                             for k, v in shown.items()))
    warnings = expect.get("warnings", [])
    assert isinstance(warnings, list)
    if warnings:
        parts.append("警告 · warnings " + "、".join(str(w) for w in warnings))
    return "；".join(parts)


def render_recipe(recipe: dict[str, str]) -> str:
    stem = recipe["file"]
    n = int(stem[:2])  # the file's number, so that a link to "recipe 5" never moves
    scheme = (COOKBOOK / f"{stem}.jx").read_text(encoding="utf-8").rstrip()
    cases_text = (COOKBOOK / f"{stem}.cases.toml").read_text(encoding="utf-8")
    cases = tomllib.loads(cases_text)["case"]
    head, above = _case_comments(cases_text)
    first = cases[0]
    worked = "\n".join(head + ([""] if head and above[0] else []) + above[0])
    out = [f'<a id="cookbook-{stem}"></a>\n\n### {n}. {recipe["title"]}\n', recipe["zh"] + "  \n" + recipe["en"] + "\n",
           f"[`{stem}.jx`](cookbook/{stem}.jx):\n", f"```\n{scheme}\n```\n",
           f"用例 · Worked example — {first['name']} "
           f"([`{stem}.cases.toml`](cookbook/{stem}.cases.toml)):\n"]
    if worked:
        out.append(f"```text\n{worked}\n```\n")
    out.append(f"预期 · Expected: {_expected(first['expect'])}\n")
    if len(cases) > 1:
        out.append("其余用例 · Other cases: " + "；".join(
            f"{c['name']}（{_expected(c['expect'])}）" for c in cases[1:]) + "\n")
    return "\n".join(out)


def render_cookbook() -> str:
    entries = recipes()
    index = "\n".join(f"- {int(r['file'][:2])}. [{r['title']}](#cookbook-{r['file']}) — "
                       f"`{r['file']}.jx`" for r in entries)
    return "\n".join([index + "\n", *(render_recipe(r) for r in entries)])


def render_language() -> str:
    """docs/language.md with its cookbook block written afresh (the rest as it is)."""
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    head, rest = text.split(COOKBOOK_BEGIN + "\n", 1)
    _, tail = rest.split(COOKBOOK_END, 1)
    return f"{head}{COOKBOOK_BEGIN}\n{render_cookbook()}{COOKBOOK_END}{tail}"


PAGES: dict[str, Callable[[], str]] = {"errors": render_errors, "bad-input": render_bad_input,
                                       "language": render_language}


def render(page: str) -> str:
    return PAGES[page]()


def main() -> None:
    for page in PAGES:
        text = render(page)
        (ROOT / "docs" / f"{page}.md").write_text(text, encoding="utf-8")
        print(f"docs/{page}.md: {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
