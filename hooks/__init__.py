"""The MkDocs adapter: the only package that knows MkDocs, Material and mkdocs-macros.

hooks/adapter.py is the one hook file mkdocs.yml and mkdocs.en.yml list: every MkDocs event
the site uses, in the order the steps run.  (The folder keeps the name MkDocs gives hook
files; the report engine is macros/, which imports nothing from here.)
"""
