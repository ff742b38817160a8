"""Input no author means to write, and some an attacker might: each gets a message at path:line (or,
for the command line, argparse's), never a Python traceback; and the checks take linear time."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

import serve


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """An empty project (slides/, img/) that is the working folder, so that paths print relative."""
    (tmp_path / "slides").mkdir()
    (tmp_path / "img").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(run_build, project: Path, *args) -> tuple[int, list[str]]:
    """`build.py --check` of the project: the exit code and the lines printed, the summary left out."""
    code, stdout, stderr = run_build("--check", "--root", project, *args)
    assert stderr == ""
    return code, stdout.splitlines()[:-1]


def test_a_thousand_nested_brackets_are_read(project, run_build):
    (project / "slides" / "d.md").write_text("# t\n\n" + ".a[" * 1000 + "x" + "]" * 1000 + "\n")
    assert check(run_build, project) == (0, [
        "slides/d.md:3: warning: unknown class '.a[' (no loaded stylesheet defines it; add it to templates/custom.css, or to a stylesheet of the deck's own (css:)) "
        "[W-class]"])


def test_a_ratio_too_large_for_a_float(project, run_build):
    (project / "slides" / "d.md").write_text(f"---\nratio: {'9' * 309}:3\n---\n# hi\n")
    assert check(run_build, project) == (1, [
        f"slides/d.md:2: error: bad value for 'ratio': '{'9' * 309}:3' (a slide at most 10 times as wide as high or "
        "as high as wide, like 4:3 or 16:9)"])


@pytest.mark.parametrize("ratio", ["1:11", "100:9", "0.01:1"])
def test_a_ratio_far_from_a_screen(ratio, project, run_build):
    (project / "slides" / "d.md").write_text(f"---\nratio: {ratio}\n---\n# hi\n")
    assert check(run_build, project)[1] == [
        f"slides/d.md:2: error: bad value for 'ratio': '{ratio}' (a slide at most 10 times as wide as high or "
        "as high as wide, like 4:3 or 16:9)"]


@pytest.mark.parametrize("written, shown", [("img/a%00.png", "img/a%00.png"), ("img/a\0.png", "img/a\\x00.png")])
def test_a_nul_in_an_image_path(written, shown, project, run_build):
    (project / "slides" / "d.md").write_text(f"# hi\n\n![x]({written})\n")
    assert check(run_build, project) == (1, [
        f"slides/d.md:3: error: image '{shown}' has a NUL character in its path (no file name holds one: remove the "
        "'%00' or the NUL byte)"])


def test_a_folder_name_too_long_for_the_file_system(project, run_build):
    ref = f"img/{'d' * 300}/a.png"
    (project / "slides" / "d.md").write_text(f"# hi\n\n![x]({ref})\n")
    assert check(run_build, project) == (1, [
        f"slides/d.md:3: error: image '{ref}' not found (a name in the path is longer than the file system allows; "
        "shorten it)"])


def test_a_symlink_loop_in_img(project, run_build):
    (project / "img" / "loop").symlink_to("loop")
    (project / "slides" / "d.md").write_text("# hi\n\n![x](img/loop/a.png)\n")
    assert check(run_build, project) == (1, [
        "slides/d.md:3: error: image 'img/loop/a.png' not found (a symbolic link on the way leads back to itself; "
        "fix or delete the link)"])


@pytest.mark.parametrize("named", [False, True], ids=["found", "named"])
def test_a_deck_that_is_a_symlink_to_itself(named, project, run_build):
    (project / "slides" / "d.md").symlink_to("d.md")
    assert check(run_build, project, *(["slides/d.md"] if named else [])) == (1, [
        "slides/d.md: error: deck is a symbolic link that leads back to itself (point the link at a Markdown file, "
        "or delete it)"])


def test_a_deck_file_name_that_is_not_utf8(project, run_build, tmp_path):
    (project / "slides" / os.fsdecode(b"\xff.md")).write_text("# hi\n")
    problem = ("slides/\\xff.md: error: deck file name is not UTF-8 text (rename the file with letters your system "
               "shows: its name becomes the deck's folder and web address)")
    assert check(run_build, project) == (1, [problem])
    code, stdout, stderr = run_build("--root", project, "--out", tmp_path / "out")
    assert (code, stdout, stderr.splitlines()) == (1, "", [
        problem, "build failed: 1 problem; the previous output was left as it was"])
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("port, message", [
    ("70000", "70000 is not a port number: use one from 1 to 65535 (0: any free one)"),
    ("-1", "-1 is not a port number: use one from 1 to 65535 (0: any free one)"),
    ("http", "'http' is not a port number: use a whole number like 8000"),
])
def test_a_port_out_of_range(port, message, capsys):
    with pytest.raises(SystemExit) as exited:
        serve.main([f"--port={port}", "--no-open"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"serve.py: error: argument --port: {message}"


def black_and_white_png(path: Path, side: int) -> None:
    """A square PNG of one bit per pixel: large in pixels, small in bytes and quick to make."""
    from PIL import Image

    Image.new("1", (side, side)).save(path)


def test_an_image_above_pillows_warning_size_is_checked_quietly(project, run_build):
    black_and_white_png(project / "img" / "big.png", 10_000)   # 100 million pixels: Pillow warns
    (project / "slides" / "d.md").write_text("# hi\n\n![x](img/big.png)\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert check(run_build, project) == (0, [])
    assert [str(w.message) for w in caught] == []


def test_an_image_too_large_to_check_is_a_warning(project, run_build):
    black_and_white_png(project / "img" / "huge.png", 20_000)   # 400 million pixels: Pillow refuses to open it
    (project / "slides" / "d.md").write_text("# hi\n\n![x](img/huge.png)\n")
    assert check(run_build, project) == (0, [
        "slides/d.md:3: warning: image 'img/huge.png' is too large to check: it has more than 178,956,970 pixels "
        "(resize it to 1816 px wide or less; a slide never shows more, and a browser may be slow to open it) [W-size]"])


def test_a_description_longer_than_its_limit(project, run_build):
    (project / "slides" / "d.md").write_text("---\ntitle: t\ndescription: " + "*a* " * 500_000 + "\n---\n# hi\n")
    assert check(run_build, project) == (1, [
        "slides/d.md:3: error: 'description' is 1,999,999 characters long, more than the 1,000 it may have (shorten "
        "it to a summary of the deck: the index page shows it on the deck's card)"])


def test_a_description_at_its_limit_is_fine(project, run_build):
    (project / "slides" / "d.md").write_text("---\ntitle: t\ndescription: " + "[" * 1000 + "\n---\n# hi\n")
    assert check(run_build, project) == (0, [])


# Each of these took minutes (the lexer and E-bracket looked at the rest of the slide for each
# bracket; the HTML and asset scans at the rest of the text for each '<a' or '!['): now a second.
# How long exactly is benchmarks/check.py's job, not a test's.
@pytest.mark.parametrize("body, findings", [
    (".a[" * 30_000, ["slides/d.md:3: error: '.a[' is never closed (add the ']' that ends it; until then remark "
                      "shows it as text) [E-bracket]"]),
    (".a[x] " * 30_000, ["slides/d.md:3: warning: unknown class '.a[' (no loaded stylesheet defines it; add it to "
                         "templates/custom.css, or to a stylesheet of the deck's own (css:)) [W-class]"]),
    (".a[" * 30_000 + "x" + "]" * 30_000, [
        "slides/d.md:3: warning: unknown class '.a[' (no loaded stylesheet defines it; add it to templates/custom.css, or to a stylesheet of the deck's own (css:)) "
        "[W-class]"]),
    (".left[x\n---\ny]\n" * 10_000, [
        f"slides/d.md:{3 + 3 * i}: error: '.left[' is closed only on line {5 + 3 * i}, past the slide break '---' on "
        f"line {4 + 3 * i} (remark merges what lies between; add the missing ']' before line {4 + 3 * i}) "
        "[E-bracket]" for i in range(10_000)]),
    ("<a " * 30_000, []),      # the HTML and style scans read to the end of the text from each '<a'
    ("![" * 30_000 + "]", []),  # and the image scan from each '!['
], ids=["unclosed", "closed", "nested", "crossing-breaks", "unended-tags", "unended-images"])
def test_thirty_thousand_of_a_kind_are_checked(body, findings, project, run_build):
    (project / "slides" / "d.md").write_text("# t\n\n" + body + "\n")
    code, found = check(run_build, project)
    assert (code, found[:3], len(found)) == (int("error" in "".join(findings[:1])), findings[:3], len(findings))
    assert found == findings


def test_ten_thousand_templates_that_name_no_slide(project, run_build):
    # each looked through every slide for one further down with that name
    (project / "slides" / "d.md").write_text("".join(f"template: z{i}\n# t\n---\n" for i in range(10_000)) + "# end\n")
    code, found = check(run_build, project)
    assert (code, len(found)) == (1, 10_000)
    assert found[-1] == ("slides/d.md:29998: error: template 'z9999' names no slide above this one (give that slide "
                         "'name: z9999') [E-template]")


def test_a_url_with_brackets_that_no_parser_takes_is_a_message(tmp_path):
    """urlsplit() refuses `https://[x...` (a host in brackets must be an IPv6 address); the fuzz test
    found it raising out of the build."""
    from deckhand.assets import resolve_refs
    from deckhand.parse import load_deck

    (tmp_path / "t.md").write_text('# A\n\n<img src="https://![x](example.org/logo.png">\n', encoding="utf-8")
    refs, problems = resolve_refs(load_deck(tmp_path / "t.md"), tmp_path)
    assert refs == [] and [(p.line, p.message) for p in problems] == [
        (3, "image 'https://![x](example.org/logo.png' is not a path or a URL")]
