"""Helpers of the performance benchmark (``python -m scripts.bench``).

- ``synth``: a synthetic report of N pages written through the real data format,
  and the same pages as plain Markdown for the default-Material baseline;
- ``project``: snapshot of the real project and mkdocs.yml rewriting;
- ``measure``: wall time / peak RSS of a subprocess, site metrics, browser search
  timing, the ``mkdocs serve`` reload measurement.
"""
