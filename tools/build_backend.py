"""The wheel's build backend: setuptools, once the pinned front end and the templates are copied into the package.

remark, KaTeX and the fonts come from node_modules/, which `npm ci` fills from package-lock.json
(integrity hashes checked): the lock file stays the one source of truth, and a user of the wheel
needs neither Node nor npm to build a deck. The templates come from templates/. Both are copied
into deckhand/frontend/ and deckhand/templates/ while setuptools packs them, and removed after;
a wheel built from the sdist finds them already there.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F401,F403 - the rest of PEP 517's hooks, unchanged

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "deckhand"


@contextlib.contextmanager
def _scratch_outside_build():
    """setuptools' scratch folder (build/ by default) in a temporary folder: build/ holds the decks,
    and a folder that an earlier deck build did not make is one the next refuses to replace."""
    with tempfile.TemporaryDirectory(prefix="deckhand-wheel-") as scratch:
        config = Path(scratch, "setup.cfg")
        config.write_text(f"[build]\nbuild_base = {Path(scratch, 'build')}\n", encoding="utf-8")
        before = os.environ.get("DIST_EXTRA_CONFIG")
        os.environ["DIST_EXTRA_CONFIG"] = str(config)
        try:
            yield
        finally:
            if before is None:
                del os.environ["DIST_EXTRA_CONFIG"]
            else:
                os.environ["DIST_EXTRA_CONFIG"] = before


@contextlib.contextmanager
def _staged():
    """The front end and the templates inside the package while setuptools packs it; in a checkout
    they are removed again (the checkout uses node_modules/ and templates/ themselves)."""
    sys.path.insert(0, str(ROOT))
    from deckhand import vendor

    modules = ROOT / "node_modules"
    if not (modules / "remark-slide" / "package.json").is_file():
        if (PACKAGE / "frontend" / "remark-slide" / "package.json").is_file():
            yield   # a wheel from the sdist: copied in when the sdist was made
            return
        raise SystemExit("node_modules/ is missing: run 'npm ci' first (make setup does), then build again")
    staged = [PACKAGE / "frontend", PACKAGE / "templates"]
    try:
        for rel in vendor.shipped_files(modules):
            target = staged[0] / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(modules / rel, target)
        shutil.copytree(ROOT / "templates", staged[1])
        yield
    finally:
        for folder in staged:
            shutil.rmtree(folder, ignore_errors=True)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with _staged(), _scratch_outside_build():
        return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """setuptools' own, without its InformationOnly notice ("Editable installation... be careful
    with folders in your working directory"), which it prints in a !!-framed box at every
    `make setup`: a new user reads it as a problem. Its real warnings still show."""
    from setuptools.warnings import InformationOnly

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InformationOnly)
        return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    with _staged():
        return _setuptools.build_sdist(sdist_directory, config_settings)
