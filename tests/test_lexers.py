"""Code blocks share one Pygments lexer per language and options, and highlight exactly as before."""

from __future__ import annotations

from typing import Any

import markdown
import pytest
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

from sodocs.core import lexers

SAMPLE = """\
```csharp
using System;
public class Agent { public int Id { get; set; } // a comment
  string Name => "x<y>";
}
```

```python
def f(x): return x ** 2
```

```sql
SELECT * FROM contact WHERE name LIKE 'A%'
```
"""


def _html() -> str:
    return markdown.markdown(SAMPLE, extensions=["pymdownx.superfences", "pymdownx.highlight"])


def test_the_same_language_and_options_get_the_same_lexer() -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def make(alias: str, **options: Any) -> Any:
        calls.append((alias, options))
        return get_lexer_by_name(alias, **options)

    get = lexers.shared(make)
    first = get("csharp", stripnl=False)
    assert get("csharp", stripnl=False) is first
    assert get("csharp", stripnl=True) is not first
    assert get("python", stripnl=False) is not first
    assert lexers.shared(get) is get  # installed twice: still one cache


def test_an_unknown_language_raises_every_time_and_unhashable_options_are_not_kept() -> None:
    made: list[str] = []

    def make(alias: str, **options: Any) -> Any:
        made.append(alias)
        return get_lexer_by_name(alias, **options)

    get = lexers.shared(make)
    for _ in range(2):
        with pytest.raises(ClassNotFound):
            get("no-such-language-here")
    assert made == ["no-such-language-here"] * 2
    assert get("python", filters=["whitespace"]) is not get("python", filters=["whitespace"])


def test_highlighted_code_is_the_same_with_shared_lexers(monkeypatch: pytest.MonkeyPatch) -> None:
    from pymdownx import highlight

    monkeypatch.setattr(highlight, "get_lexer_by_name", get_lexer_by_name)
    before = _html()
    lexers.install()
    assert getattr(highlight.get_lexer_by_name, "sodocs_shared", False)
    assert _html() == before == _html()
    assert 'class="highlight"' in before and "Agent" in before
