#!/usr/bin/env bash
# Sourced by scripts/bootstrap.sh: prints the path of a Python 3.10 (Rasa 3.6
# does not run on 3.11 or later), installing one with uv when none is found.
# A fresh Ubuntu or macOS has 3.12 only; uv comes from the package registry
# into .tools/uv and puts CPython 3.10 into .tools/python, both inside the
# project. The Docker image (deploy/Dockerfile) is the other route.

find_python310() {
  local candidate
  for candidate in "${PYTHON310:-}" python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python /usr/local/bin/python3.10 \
                   .tools/python/cpython-3.10*/bin/python3.10; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

uv_command() {
  if command -v uv >/dev/null 2>&1; then
    command -v uv
    return 0
  fi
  if [ ! -x .tools/uv/bin/uv ]; then
    local host
    host=$(command -v python3 || command -v python) || return 1
    printf '[clinic-assistant] %s\n' "No Python 3.10 found: installing uv from the package registry into .tools/uv ..." >&2
    "$host" -m venv .tools/uv >&2 && .tools/uv/bin/python -m pip install --quiet uv >&2 || return 1
  fi
  echo .tools/uv/bin/uv
}

python310() {
  find_python310 && return 0
  local uv
  uv=$(uv_command) || return 1
  printf '[clinic-assistant] %s\n' "Installing CPython 3.10 with uv into .tools/python ..." >&2
  UV_PYTHON_INSTALL_DIR="$PWD/.tools/python" "$uv" python install 3.10 >&2 || return 1
  UV_PYTHON_INSTALL_DIR="$PWD/.tools/python" "$uv" python find 3.10
}
