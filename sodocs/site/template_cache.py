"""The theme's Jinja templates, compiled once per ``mkdocs serve`` session instead of at every rebuild.

MkDocs makes a new Jinja environment for each build, and Material's templates (44 of them) are compiled
again each time: about a third of a second, much of a serve rebuild that renders one page. Jinja's own
bytecode cache keeps the compiled code, checked against each template's source (an edited override is
compiled anew), here in memory: nothing is written to disk. This module does not import MkDocs.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class InMemory(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
