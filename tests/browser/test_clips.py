"""The PDF of a talk with clips and remote images, as they come from remark: a large MP4 that
Chromium loads in parts (and cancels parts of) prints, its first frame on the page; a remote image
that cannot load (no network) is a warning at its line, and the PDF is printed all the same."""

from __future__ import annotations

import socket

from deckhand.pipeline import BuildOptions, build
from deckhand.export import ExportOptions
from tests.conftest import write_mp4
from tests.pdfread import page_count, render
from tests.test_shared_assets import make_project


def test_a_talk_with_a_large_clip_prints(printer, tmp_path):
    deck = make_project(tmp_path)
    write_mp4(tmp_path / "img" / "shared-clip.mp4")   # ~45 MB: Chromium cancels part of its loading
    result = build([deck], BuildOptions(root=tmp_path, export=ExportOptions(pdf=True, browser=printer)))
    pdf = tmp_path / "build" / "talk.pdf"
    assert page_count(pdf) == 4
    assert [w for w in result.warnings if "PDF" in w.message] == []
    clip = render(pdf, 72)[3]   # the iframe and the video show the clip's noise, not an empty box
    colours = clip.convert("RGB").getcolors(1 << 20) or []
    assert len(colours) > 5000, len(colours)


def _closed_port() -> int:
    with socket.socket() as probe:   # a port nothing listens on: the image cannot load, as offline
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_remote_image_that_does_not_load_is_a_warning_and_the_pdf_is_printed(printer, tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/logo.png"
    deck = tmp_path / "slides" / "remote.md"
    deck.parent.mkdir(parents=True)
    deck.write_text(f"# Remote\n\nA logo: ![logo]({url})\n\n---\n# Two\n\n<img alt=\"a logo\" src=\"{url}\">\n", encoding="utf-8")
    result = build([deck], BuildOptions(root=tmp_path, allow_remote=True,
                                        export=ExportOptions(pdf=True, browser=printer)))
    assert page_count(tmp_path / "build" / "remote.pdf") == 2
    assert [str(w).split("remote.md", 1)[1] for w in result.warnings] == [
        f":3: warning: remote file '{url}' did not load, so the PDF shows nothing in its place "
        "(net::ERR_CONNECTION_REFUSED) (print again with the network on, or save the file under img/ and reference "
        "it by a relative path)"]


CLIP_SLIDE_JS = """async () => {
  slideshow.gotoSlide(4);
  const slide = document.querySelectorAll('.remark-slide-container')[3];
  const video = slide.querySelector('video'), frame = slide.querySelector('iframe');
  const end = Date.now() + 10000;
  while (video.readyState < 2 && !video.error && Date.now() < end) await new Promise(r => setTimeout(r, 20));
  return {video: [video.currentSrc.split('/build/')[1], video.readyState >= 2, video.videoWidth],
          iframe: frame.src.split('/build/')[1]};
}"""
# in the iframe (a file:// page of its own origin): Chromium's player for the clip, its frame decoded
FRAME_JS = """async () => {
  const video = document.querySelector('video'), end = Date.now() + 10000;
  while (video && video.readyState < 2 && !video.error && Date.now() < end) await new Promise(r => setTimeout(r, 20));
  return video ? video.videoWidth : 0;
}"""


def test_the_built_deck_plays_its_clips_from_its_own_folder(browser, tmp_path):
    """Opened from disk, the video and the iframe load the clip copied into the deck's folder."""
    deck = make_project(tmp_path)
    write_mp4(tmp_path / "img" / "shared-clip.mp4", seconds=1)
    build([deck], BuildOptions(root=tmp_path))
    page = browser.new_page()
    try:
        page.goto((tmp_path / "build" / "talk" / "index.html").as_uri())
        page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
        assert page.evaluate(CLIP_SLIDE_JS) == {"video": ["talk/img/shared-clip.mp4", True, 640],
                                                "iframe": "talk/img/shared-clip.mp4"}
        frame = next(f for f in page.frames if f.url.endswith("/talk/img/shared-clip.mp4"))
        assert frame.evaluate(FRAME_JS) == 640
    finally:
        page.close()
