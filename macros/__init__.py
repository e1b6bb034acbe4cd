"""Data layer and page macros of the 质量安徽 report (see README.md)."""
