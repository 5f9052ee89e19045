#!/usr/bin/env bash
# The main job: builds the Python package and runs the onboarding demo. Safe to run twice.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
setup_python
build_python
step "examples/python/demo.py"
"$PY" examples/python/demo.py
