"""One problem found in a data file, printed the way editors and CI link it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """``data/<file>.yml:LINE:COL: <what is wrong> — <how to fix it>``."""

    file: str
    line: int
    column: int
    message: str
    hint: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "提示" if self.warning else ""
        prefix = f"{kind}：" if kind else ""
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message} — {self.hint}"


class DataError(Exception):
    """Raised when the data cannot be published; holds every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"数据校验失败，共 {len(self.problems)} 处问题：\n{lines}")
