"""The benchmark harness: `make bench` (or `.venv/bin/python bench/run.py`), described in docs/benchmarks.md."""
