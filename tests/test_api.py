"""The public Python API: what `stepqa.__all__` names imports, is documented in the
README's "Use from Python" section, and the example there runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import stepqa
from conftest import CORPUS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Use from Python", 1)[1].split("\n## ", 1)[0]


def test_every_public_name_imports() -> None:
    for name in stepqa.__all__:
        assert getattr(stepqa, name) is not None, name


def test_every_public_name_is_documented_in_the_readme() -> None:
    missing = [n for n in stepqa.__all__ if n != "__version__" and f"`{n}`" not in SECTION]
    assert not missing


def test_the_readme_example_runs(index_dir: Path, assistant: object) -> None:
    code = re.search(r"```python\n(.*?)```", SECTION, re.DOTALL)
    assert code is not None
    env = os.environ | {"STEPQA_INDEX_DIR": str(index_dir), "STEPQA_CORPUS_DIR": str(CORPUS)}
    result = subprocess.run([sys.executable, "-c", code.group(1)], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("(1,)")  # the first sentence cites [1]
    assert any(line.startswith("1 ") and "chars" in line for line in lines)  # its location
    assert "the question is empty" in result.stdout
    assert "Traceback" not in result.stderr


def test_importing_stepqa_loads_no_heavy_library() -> None:
    code = ("import sys, stepqa; heavy = {'torch', 'chromadb', 'gradio', 'sentence_transformers'}"
            "; print(sorted(heavy & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stderr


def test_the_app_reports_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    env = os.environ | {"STEPQA_TOP_K": "lots", "STEPQA_INDEX_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, str(REPO / "app.py")], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("error: invalid setting: STEPQA_TOP_K")
    assert "Traceback" not in result.stderr
