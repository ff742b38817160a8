"""The two clips of the "Which sound is generated?" slide, both spoken by espeak-ng (no recording)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from style import figure

SENTENCE = "That girl did a video about Star Wars lipstick."
ESPEAK = "/usr/bin/espeak-ng"
TACOTRON = "Tacotron 2 demo page, google.github.io/tacotron/publications/tacotron2"

# Two different espeak-ng voices, so the quiz has two audibly different takes of the same sentence.
GEN_OPTIONS = ["-v", "en-us", "-s", "160", "-p", "50"]
GT_OPTIONS = ["-v", "en-gb-x-rp+f3", "-s", "145", "-p", "62"]


def _espeak_binary() -> str:
    """The espeak-ng executable, or a clear error saying how to install it."""
    found = ESPEAK if Path(ESPEAK).exists() else shutil.which("espeak-ng")
    if not found:
        raise RuntimeError("espeak-ng not found: install it with `apt-get install espeak-ng`")
    return found


def _speak(options: list[str]) -> tuple[np.ndarray, int]:
    """Run espeak-ng on the sentence and return its samples (int16, mono) and sample rate."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "speech.wav"
        subprocess.run([_espeak_binary(), *options, "-w", str(raw), SENTENCE], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        with wave.open(str(raw), "rb") as src:
            if src.getnchannels() != 1 or src.getsampwidth() != 2:
                raise RuntimeError(f"espeak-ng wrote an unexpected WAV format: {src.getparams()}")
            rate = src.getframerate()
            samples = np.frombuffer(src.readframes(src.getnframes()), dtype="<i2")
    return samples, rate


def _tidy(samples: np.ndarray, rate: int) -> np.ndarray:
    """Trim silence to 0.15 s at each end, normalise the peak to -1 dBFS, fade 10 ms in and out."""
    x = samples.astype(np.float64)
    loud = np.flatnonzero(np.abs(x) > 0.01 * np.abs(x).max())
    pad = int(0.15 * rate)
    x = x[max(loud[0] - pad, 0): loud[-1] + pad]
    x *= (10 ** (-1 / 20)) * 32767 / np.abs(x).max()
    fade = int(0.01 * rate)
    ramp = np.linspace(0.0, 1.0, fade)
    x[:fade] *= ramp
    x[-fade:] *= ramp[::-1]
    return np.round(x).astype("<i2")


def _write_clip(dest: Path, options: list[str]) -> None:
    """Speak, tidy and write a 16-bit mono PCM WAV with only the canonical 44-byte header."""
    samples, rate = _speak(options)
    with wave.open(str(dest), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(_tidy(samples, rate).tobytes())


@figure("img/lipstick_gen.wav",
        credit=f"Synthetic speech made for this deck with espeak-ng (`{' '.join(GEN_OPTIONS)}`: US English "
               f"voice, 160 words/min, pitch 50), trimmed and peak-normalised; stands in for Tacotron 2's "
               f"generated clip of \"{SENTENCE}\" ({TACOTRON}).")
def lipstick_gen(dest: Path) -> None:
    _write_clip(dest, GEN_OPTIONS)


@figure("img/lipstick_gt.wav",
        credit=f"Synthetic speech made for this deck with espeak-ng (`{' '.join(GT_OPTIONS)}`: British RP "
               f"voice, female variant f3, 145 words/min, pitch 62), trimmed and peak-normalised; NOT a human "
               f"recording: it stands in for the ground-truth human recording of \"{SENTENCE}\" "
               f"({TACOTRON}).")
def lipstick_gt(dest: Path) -> None:
    _write_clip(dest, GT_OPTIONS)
