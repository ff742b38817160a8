"""The two clips of the "Which sound is generated?" slide: a person's recorded voice, and a synthetic one.

The recording is ALSA's speaker-test sample "Front center" (Debian's alsa-utils ships it as
/usr/share/sounds/alsa/Front_Center.wav: install alsa-utils to remake it). The synthetic clip speaks the
same words with eSpeak NG, through the libespeak-ng that the PyPI package espeakng-loader bundles (a
`figures` extra), so no system synthesizer is needed. Both are trimmed and normalised the same way, so
loudness and silences give nothing away.
"""

from __future__ import annotations

import ctypes
import wave
from pathlib import Path

import numpy as np

from style import figure

WORDS = "Front center"
ALSA_CLIP = Path("/usr/share/sounds/alsa/Front_Center.wav")
VOICE = "en-us"
RATE_WPM, PITCH = 130, 50            # words per minute, pitch 0-100 (eSpeak NG's scales)


def _recording() -> tuple[np.ndarray, int]:
    """The samples (int16, mono) and rate of ALSA's recorded "Front center", or a clear error."""
    if not ALSA_CLIP.exists():
        raise RuntimeError(f"{ALSA_CLIP} not found: install it with `apt-get install alsa-utils`")
    with wave.open(str(ALSA_CLIP), "rb") as src:
        if src.getnchannels() != 1 or src.getsampwidth() != 2:
            raise RuntimeError(f"{ALSA_CLIP}: unexpected WAV format {src.getparams()}")
        return np.frombuffer(src.readframes(src.getnframes()), dtype="<i2"), src.getframerate()


def _synthesize() -> tuple[np.ndarray, int]:
    """eSpeak NG speaking WORDS, in memory: libespeak-ng's synchronous mode hands us the samples."""
    import espeakng_loader

    lib = ctypes.cdll.LoadLibrary(espeakng_loader.get_library_path())
    callback_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
    chunks: list[np.ndarray] = []

    def collect(wav, count, _events):
        if wav and count > 0:
            chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    keep = callback_type(collect)                     # referenced until the synthesis is over
    rate = lib.espeak_Initialize(2, 0, espeakng_loader.get_data_path().encode(), 0)   # 2: synchronous
    if rate <= 0:
        raise RuntimeError("libespeak-ng did not initialise (espeakng-loader's data folder missing?)")
    lib.espeak_SetSynthCallback(keep)
    if lib.espeak_SetVoiceByName(VOICE.encode()) != 0:
        raise RuntimeError(f"eSpeak NG has no voice {VOICE!r}")
    lib.espeak_SetParameter(1, RATE_WPM, 0)            # espeakRATE
    lib.espeak_SetParameter(3, PITCH, 0)               # espeakPITCH
    text = WORDS.encode()
    lib.espeak_Synth(ctypes.c_char_p(text), len(text) + 1, 0, 0, 0, 0, None, None)
    lib.espeak_Synchronize()
    lib.espeak_Terminate()
    return np.concatenate(chunks).astype("<i2"), rate


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


def _write_clip(dest: Path, samples: np.ndarray, rate: int) -> None:
    """Tidy and write a 16-bit mono PCM WAV with only the canonical 44-byte header."""
    with wave.open(str(dest), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(_tidy(samples, rate).tobytes())


@figure("img/voice_real.wav",
        credit=f"A recording of a person saying \"{WORDS}\": ALSA's speaker-test sample Front_Center.wav as "
               f"Debian's alsa-utils 1.2.8 ships it (/usr/share/sounds/alsa/; GPL-2 per the package's copyright "
               f"file, © Jaroslav Kysela and others), trimmed and peak-normalised. The real one of the quiz.")
def voice_real(dest: Path) -> None:
    _write_clip(dest, *_recording())


@figure("img/voice_synth.wav",
        credit=f"Synthetic speech made for this deck: eSpeak NG (libespeak-ng from the PyPI package "
               f"espeakng-loader 0.2.4, GPL-3) saying \"{WORDS}\" with voice {VOICE}, {RATE_WPM} words/min, "
               f"pitch {PITCH}, trimmed and peak-normalised like the recording. The generated one of the quiz.")
def voice_synth(dest: Path) -> None:
    _write_clip(dest, *_synthesize())
