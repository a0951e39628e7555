"""Opt-in checking of external links: concurrent, polite per host, retried, cached for a day.

Standard library only (urllib and threads): a few hundred HEAD requests do not need an async
HTTP client, and every extra dependency is one more thing to keep working.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

CACHE_SECONDS = 24 * 3600
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HEAD_REFUSED = frozenset({403, 405, 501})
USER_AGENT = "sodocs-linkcheck/0.1"


def _request(url: str, method: str, timeout: float) -> int:
    req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def check_url(url: str, timeout: float, retries: int = 3, backoff: float = 0.5) -> tuple[bool, str]:
    method = "HEAD"
    for attempt in range(retries + 1):
        try:
            status = _request(url, method, timeout)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            if attempt < retries:
                time.sleep(backoff * 2**attempt)
                continue
            return False, f"no answer: {getattr(exc, 'reason', exc)}"
        if method == "HEAD" and status in HEAD_REFUSED:
            method = "GET"  # some servers refuse HEAD; ask again properly, not counted as a retry
            status = _request(url, method, timeout)
        if status in RETRY_STATUSES and attempt < retries:
            time.sleep(backoff * 2**attempt)
            continue
        if 200 <= status < 400:
            return True, f"HTTP {status}"
        return False, f"HTTP {status}"
    return False, "gave up"


def fetch_all(urls: list[str], cache_file: Path | None, timeout: float = 10.0, per_host: int = 4,
              workers: int = 16) -> dict[str, tuple[bool, str]]:
    cache: dict[str, dict[str, object]] = {}
    if cache_file is not None and cache_file.is_file():
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
    now = time.time()
    results: dict[str, tuple[bool, str]] = {}
    todo = []
    for url in urls:
        entry = cache.get(url)
        if entry and now - float(entry["checked"]) < CACHE_SECONDS:  # type: ignore[arg-type]
            results[url] = (bool(entry["ok"]), str(entry["reason"]))
        else:
            todo.append(url)
    host_slots: dict[str, threading.Semaphore] = defaultdict(lambda: threading.Semaphore(per_host))
    lock = threading.Lock()

    def one(url: str) -> None:
        with lock:
            slot = host_slots[urlsplit(url).netloc]
        with slot:
            ok, reason = check_url(url, timeout)
        with lock:
            results[url] = (ok, reason)
            cache[url] = {"ok": ok, "reason": reason, "checked": time.time()}

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, todo))
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        cache_file.write_text(json.dumps(cache, indent=1), encoding="utf-8")
    return results
