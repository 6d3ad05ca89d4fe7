"""The set-up finds Python 3.10, or installs it with uv on a machine that has none (a fresh Ubuntu or macOS has 3.12).

The download cannot happen here, so the machine without 3.10 is faked (an
empty PATH and HOME) and a stand-in `uv` on PATH plays the real one: it
records its calls and "installs" by pointing at this machine's 3.10.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON310 = Path(sys.executable)  # the project's .venv python, a 3.10


def _project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    (copy / "scripts").mkdir(parents=True)
    for name in ("bootstrap.sh", "python310.sh"):
        shutil.copy(PROJECT / "scripts" / name, copy / "scripts" / name)
    for name in ("requirements.txt", "requirements-nodeps.txt", "constraints.txt", "pyproject.toml"):
        shutil.copy(PROJECT / name, copy / name)
    return copy


def _stand_in_uv(tmp_path: Path, works: bool = True) -> tuple[Path, Path]:
    bin_dir, log = tmp_path / "bin", tmp_path / "uv.log"
    bin_dir.mkdir()
    found = f'echo "{PYTHON310}"' if works else "exit 2"
    install = "exit 0" if works else 'echo "error: no network" >&2; exit 1'
    (bin_dir / "uv").write_text(
        "#!/bin/bash\n"
        f'echo "$* UV_PYTHON_INSTALL_DIR=$UV_PYTHON_INSTALL_DIR" >> "{log}"\n'
        f'if [ "$1 $2" = "python install" ]; then {install}; fi\n'
        f'if [ "$1 $2" = "python find" ]; then {found}; fi\n',
        encoding="utf-8",
    )
    (bin_dir / "uv").chmod(0o755)
    return bin_dir, log


def _without_python310(bin_dir: Path, home: Path) -> dict[str, str]:
    """No python3.10 on PATH, no pyenv under HOME, no PYTHON310."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHON310", "VIRTUAL_ENV")}
    env.update(PATH=f"{bin_dir}:/usr/bin:/bin", HOME=str(home))
    return env


def test_without_python310_uv_installs_it_inside_the_project(tmp_path):
    copy = _project_copy(tmp_path)
    bin_dir, log = _stand_in_uv(tmp_path)
    result = subprocess.run(["/bin/bash", "-c", "source scripts/python310.sh && python310"], cwd=copy,
                            env=_without_python310(bin_dir, tmp_path / "home"), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(PYTHON310)
    assert "Installing CPython 3.10 with uv into .tools/python" in result.stderr
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"python install 3.10 UV_PYTHON_INSTALL_DIR={copy}/.tools/python",
        f"python find 3.10 UV_PYTHON_INSTALL_DIR={copy}/.tools/python",
    ]


def test_a_python310_on_the_machine_is_used_without_uv(tmp_path):
    copy = _project_copy(tmp_path)
    bin_dir, log = _stand_in_uv(tmp_path)
    env = _without_python310(bin_dir, tmp_path / "home")
    env["PYTHON310"] = str(PYTHON310)
    result = subprocess.run(["/bin/bash", "-c", "source scripts/python310.sh && python310"], cwd=copy, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == str(PYTHON310), result.stderr
    assert not log.exists()


def test_when_uv_cannot_install_it_the_set_up_stops_with_the_fix(tmp_path):
    copy = _project_copy(tmp_path)
    bin_dir, _ = _stand_in_uv(tmp_path, works=False)
    result = subprocess.run(["/bin/bash", "scripts/bootstrap.sh"], cwd=copy,
                            env=_without_python310(bin_dir, tmp_path / "home"), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "Python 3.10 was not found and uv could not install it. Fix:" in result.stdout
    assert not (copy / ".venv").exists()
