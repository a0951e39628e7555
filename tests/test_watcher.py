"""Which file watcher serve uses, and that the native one rebuilds on changes only."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from sodocs.site import watcher

MOUNTS = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 259:2 / / rw,relatime - ext4 /dev/nvme0n1p2 rw
40 27 0:35 / /tmp rw,nosuid - tmpfs tmpfs rw
51 27 0:48 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs
52 27 0:49 / /home/me/My\\040Docs rw - virtiofs mount0 rw
53 27 0:50 / /work rw - overlay overlay rw,lowerdir=/a
54 53 0:51 / /work/share rw - fuse.sshfs me@host:/share rw
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/me/site", "ext4"),
    ("/", "ext4"),
    ("/tmp/x/docs", "tmpfs"),
    ("/tmpfolder", "ext4"),  # /tmp is no prefix of /tmpfolder
    ("/mnt/c/Users/me/site", "9p"),
    ("/home/me/My Docs/site", "virtiofs"),  # \040 is a space
    ("/work/site", "overlay"),
    ("/work/share/site", "fuse.sshfs"),  # the mount deepest in the tree wins
])
def test_the_file_system_of_a_folder_is_read_from_the_mount_table(path: str, kind: str) -> None:
    assert watcher.filesystem_of(path, MOUNTS) == kind


def test_a_later_mount_on_the_same_point_is_the_one_in_use() -> None:
    table = MOUNTS + "60 27 0:60 / /tmp rw - nfs4 server:/tmp rw\n"
    assert watcher.filesystem_of("/tmp/docs", table) == "nfs4"


@pytest.mark.parametrize("table", ["", "not a mount table\n", "1 2 3 4 /x rw no-dash-here\n"])
def test_a_table_that_says_nothing_gives_no_file_system(table: str) -> None:
    assert watcher.filesystem_of("/x/y", table) is None


@pytest.mark.parametrize(("setting", "folder", "platform", "kind", "said"), [
    ("auto", "/home/me/site/docs", "linux", "native", "local ext4"),
    ("auto", "/work/site/docs", "linux", "native", "local overlay"),
    ("auto", "/mnt/c/Users/me/docs", "linux", "polling", "on 9p, which may not report changes"),
    ("auto", "/work/share/docs", "linux", "polling", "on fuse.sshfs"),
    ("auto", "/home/me/site/docs", "darwin", "polling", "not judged on darwin"),
    ("native", "/mnt/c/Users/me/docs", "linux", "native", "serve_watcher: native"),
    ("polling", "/home/me/site/docs", "linux", "polling", "serve_watcher: polling"),
])
def test_the_watcher_is_chosen_by_setting_and_file_system(setting: watcher.WatcherSetting, folder: str,
                                                          platform: str, kind: str, said: str) -> None:
    choice = watcher.choose(setting, folder, platform, MOUNTS)
    assert (choice.kind, said in choice.reason) == (kind, True), choice


def _server(tmp_path: Path) -> LiveReloadServer:
    site = tmp_path / "site"
    site.mkdir()
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(site))


def _wants_rebuild(server: LiveReloadServer, within: float = 1.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server._want_rebuild:
            return True
        time.sleep(0.02)
    return False


def test_the_native_watcher_rebuilds_on_a_change_and_not_on_a_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "a").mkdir(parents=True)
    page = docs / "a" / "page.md"
    page.write_text("# Side\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    server = _server(tmp_path)
    server.watch(str(docs))
    server.watch(str(config))
    server.watch(str(docs))  # watched twice: unwatched once, it is still watched
    assert isinstance(server.observer, PollingObserver)
    assert watcher.use_native(server) is None
    assert isinstance(server.observer, watcher.ChangesOnlyObserver)
    assert server._watched_paths == {str(docs): 2, str(config): 1}
    server.observer.start()
    try:
        time.sleep(0.2)
        page.read_text(encoding="utf-8")  # every build reads the pages: that must not start another
        config.read_text(encoding="utf-8")
        assert not _wants_rebuild(server, 0.5)
        page.write_text("# Side\n\nNy linje.\n", encoding="utf-8")
        assert _wants_rebuild(server)
        server._want_rebuild = False
        config.write_text("site_name: y\n", encoding="utf-8")
        assert _wants_rebuild(server)
        server._want_rebuild = False
        (docs / "a" / "new.md").write_text("# Ny\n", encoding="utf-8")  # a new file in a watched folder
        assert _wants_rebuild(server)
        server._want_rebuild = False
        server.unwatch(str(docs))
        server.unwatch(str(docs))
        page.write_text("# Side\n\nEndnu en linje.\n", encoding="utf-8")
        assert not _wants_rebuild(server, 0.5)
    finally:
        server.observer.stop()
        server.observer.join()


def test_a_server_of_another_shape_keeps_its_own_watcher() -> None:
    class Other:
        observer = PollingObserver()

    other = Other()
    assert watcher.use_native(other) == "this serve command's server is not MkDocs' LiveReloadServer"
    assert isinstance(other.observer, PollingObserver)


def test_when_the_kernel_refuses_the_watches_serve_keeps_polling(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    server = _server(tmp_path)
    server.watch(str(docs))

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(watcher.ChangesOnlyObserver, "schedule", refuse)
    said = watcher.use_native(server)
    assert said is not None and "inotify watch limit reached" in said
    assert isinstance(server.observer, PollingObserver)
    assert server._watched_paths == {str(docs): 1}
    server.observer.start()
    try:
        time.sleep(0.7)  # the first poll takes the snapshot edits are compared with
        (docs / "page.md").write_text("# Ny\n", encoding="utf-8")
        assert _wants_rebuild(server, 3.0)
    finally:
        server.observer.stop()
        server.observer.join()
