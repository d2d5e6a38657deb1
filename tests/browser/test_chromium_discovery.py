"""Which browser the tests drive: find_chromium on a machine with and without one, no download.

Each test builds the machine it needs in a temporary folder: PATH points at a folder holding the
fake browsers the test names (or nothing), Playwright's Chromium is a path that exists or not, and
``playwright install`` is replaced by a stand-in that records its command and succeeds or fails.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jlab_base
import pytest
from jlab_base import ChromiumNotFoundError, find_chromium


def executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def bare_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No ADVCNN_CHROMIUM, an empty PATH folder, and no browser in the macOS places either."""
    monkeypatch.delenv("ADVCNN_CHROMIUM", raising=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(Path, "home", lambda: tmp_path / "home")
    return bin_dir


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """Every ``playwright install`` run; fails the test if one is run without a stand-in."""
    commands: list[tuple[str, ...]] = []

    def refuse(command, **kwargs):
        commands.append(tuple(command))
        raise AssertionError(f"a real download was started: {command}")

    monkeypatch.setattr(subprocess, "run", refuse)
    return commands


def playwright_at(path: Path) -> SimpleNamespace:
    """A stand-in for ``playwright.chromium``: only where Playwright keeps its Chromium."""
    return SimpleNamespace(executable_path=str(path))


def test_advcnn_chromium_comes_first(bare_machine: Path, tmp_path: Path, monkeypatch, installs):
    chosen = executable(tmp_path / "mine" / "chrome")
    executable(bare_machine / "chromium")
    monkeypatch.setenv("ADVCNN_CHROMIUM", str(chosen))
    assert find_chromium(playwright_at(tmp_path / "none")) == chosen
    assert installs == []


@pytest.mark.parametrize("what", ["missing", "not executable", "a folder"])
def test_a_wrong_advcnn_chromium_is_named_and_nothing_is_downloaded(
    what: str, bare_machine: Path, tmp_path: Path, monkeypatch, installs
):
    named = tmp_path / "chromium"
    if what == "not executable":
        named.write_text("")
    elif what == "a folder":
        named.mkdir()
    executable(bare_machine / "chromium")  # a fallback exists, but the setting is a mistake
    monkeypatch.setenv("ADVCNN_CHROMIUM", str(named))
    with pytest.raises(ChromiumNotFoundError) as error:
        find_chromium(playwright_at(tmp_path / "none"))
    assert str(error.value).startswith(f"ADVCNN_CHROMIUM={named} is not an executable file")
    assert installs == []


@pytest.mark.parametrize(
    ("present", "found"),
    [
        (["google-chrome", "chromium"], "chromium"),
        (["chrome", "chromium-browser"], "chromium-browser"),
        (["google-chrome-stable"], "google-chrome-stable"),
        (["chrome"], "chrome"),
    ],
)
def test_the_usual_names_on_path_in_order(
    present: list[str], found: str, bare_machine: Path, tmp_path: Path, installs
):
    for name in present:
        executable(bare_machine / name)
    playwright = playwright_at(executable(tmp_path / "ms-playwright" / "chrome"))
    assert find_chromium(playwright) == bare_machine / found
    assert installs == []


def test_a_file_on_path_that_cannot_run_is_passed_over(bare_machine: Path, tmp_path, installs):
    (bare_machine / "chromium").write_text("")  # no execute permission
    chrome = executable(bare_machine / "google-chrome")
    assert find_chromium(playwright_at(tmp_path / "none")) == chrome


@pytest.mark.parametrize("app", jlab_base.MACOS_APPS)
def test_macos_applications(app: str, bare_machine: Path, tmp_path: Path, monkeypatch, installs):
    monkeypatch.setattr(sys, "platform", "darwin")
    chrome = executable(tmp_path / "home" / "Applications" / app)
    assert find_chromium(playwright_at(tmp_path / "none")) == chrome
    monkeypatch.setattr(sys, "platform", "linux")  # the macOS places count on macOS only
    monkeypatch.setattr(jlab_base, "_install_playwright_chromium", lambda: "offline")
    with pytest.raises(ChromiumNotFoundError):
        find_chromium(playwright_at(tmp_path / "none"))


def test_playwrights_installed_chromium_is_used_without_a_download(
    bare_machine: Path, tmp_path: Path, installs
):
    chrome = executable(tmp_path / "ms-playwright" / "chromium-1" / "chrome")
    assert find_chromium(playwright_at(chrome)) == chrome
    assert installs == []


def test_without_any_browser_playwrights_is_downloaded_once(
    bare_machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    target = tmp_path / "ms-playwright" / "chromium-1" / "chrome"
    commands = []

    def install(command, **kwargs):
        commands.append(tuple(command))
        executable(target)
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(subprocess, "run", install)
    assert find_chromium(playwright_at(target)) == target
    assert commands == [(sys.executable, "-m", "playwright", "install", "chromium")]


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [
        (
            subprocess.CompletedProcess(
                [],
                1,
                stdout="Downloading Chromium 140.0 from https://cdn.playwright.dev/...\n",
                stderr="Error: getaddrinfo EAI_AGAIN cdn.playwright.dev\n    at x (y.js:1:2)\n",
            ),
            "exit status 1: Error: getaddrinfo EAI_AGAIN cdn.playwright.dev",
        ),
        (subprocess.CompletedProcess([], 3, stdout="", stderr=""), "exit status 3"),
        (subprocess.TimeoutExpired([], 900), "no answer in"),
        (subprocess.CompletedProcess([], 0, stdout="", stderr=""), "nothing at"),
    ],
)
def test_when_every_way_fails_one_line_names_the_command(
    outcome, reason: str, bare_machine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    commands = []

    def install(command, **kwargs):
        commands.append(tuple(command))
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(subprocess, "run", install)
    with pytest.raises(ChromiumNotFoundError) as error:
        find_chromium(playwright_at(tmp_path / "ms-playwright" / "chrome"))
    message = str(error.value)
    assert "\n" not in message and reason in message
    assert message.endswith(f"Run: {sys.executable} -m playwright install chromium")
    assert len(commands) == 1
