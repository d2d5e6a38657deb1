"""Fixtures for the browser tests: a JupyterLab server, headless Chromium, one page per test.

The browser is the one ``jlab_base.find_chromium`` finds: ``$ADVCNN_CHROMIUM``, else a Chromium
or Chrome installed on the machine, else Playwright's own Chromium, fetched once when missing.

The server runs on 127.0.0.1 with a random free port and token, over a temporary copy of the
notebooks (the stored outputs in the repository are never touched), with ``ADVCNN_QUICK=1`` for
its kernels and its own settings, workspaces and Jupyter/IPython config, so that nothing on the
machine changes what is tested.

When a test fails, a screenshot, the browser console and the server log are saved to
``tests/browser/artifacts/`` and their paths and the log's tail are added to the report.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from jlab import NOTEBOOK_DIR, REPO_ROOT
from jlab_base import ChromiumNotFoundError, find_chromium
from playwright.sync_api import Browser, Error, Page, sync_playwright

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# The network is closed in CI: without these Chromium keeps retrying refused connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERVER_START_TIMEOUT = 120.0
_LOG_TAIL_LINES = 60

# JupyterLab user settings: render every cell (the default windowing leaves cells that are
# scrolled out of view out of the page), and no news or update pop-ups over the notebook.
_LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@dataclass
class LabServer:
    """A running ``jupyter lab`` serving a copy of the notebooks under ``root/notebooks``."""

    url: str
    token: str
    root: Path
    log_path: Path
    process: subprocess.Popen[bytes]
    console: list[str] = field(default_factory=list)

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; returns the decoded JSON body (``None`` when empty)."""
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self, lines: int = _LOG_TAIL_LINES) -> str:
        """The last ``lines`` lines of the server log."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _lab_environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name, value in _LAB_SETTINGS.items():
        path = home / "lab-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env.update(
        ADVCNN_QUICK="1",
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        IPYTHONDIR=str(home / "ipython"),
        # The kernels import this checkout's advcnn even where it is not installed.
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
    )
    env.pop("MPLBACKEND", None)  # the kernels must draw inline, as in a learner's JupyterLab
    return env


def _stop(process: subprocess.Popen[bytes]) -> None:
    # The server runs in its own process group, with its kernels: SIGTERM lets it shut them
    # down; whatever is left after 30 s is killed.
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """Start ``jupyter lab`` over a temporary copy of the notebooks; stop it after the session."""
    root = tmp_path_factory.mktemp("lab-root")
    home = tmp_path_factory.mktemp("lab-home")
    if NOTEBOOK_DIR.is_dir():
        ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        shutil.copytree(NOTEBOOK_DIR, root / "notebooks", ignore=ignore)
    port, token = _free_port(), secrets.token_hex(24)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.allow_root=True",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        # Lets the checks read the notebook model (error outputs) besides what is drawn.
        "--LabApp.expose_app_in_browser=True",
    ]
    log_path = home / "jupyter-server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            env=_lab_environment(home),
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(f"http://127.0.0.1:{port}", token, root, log_path, process)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"jupyter lab exited with {process.returncode}:\n{server.log_tail()}")
            try:
                server.api("GET", "/api/status")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"jupyter lab did not answer in time:\n{server.log_tail()}")
                time.sleep(0.5)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Chromium, headless, driven by Playwright. Fails (never skips) when none can be had."""
    with sync_playwright() as playwright:
        try:
            executable = find_chromium(playwright.chromium)
        except ChromiumNotFoundError as error:
            missing = str(error)  # failed outside the handler: one line, no chained traceback
        else:
            missing = None
        if missing is not None:
            pytest.fail(missing, pytrace=False)
        try:
            browser = playwright.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, timeout=60_000
            )
        except Error as error:
            pytest.fail(f"Chromium at {executable} did not start: {error}")
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser, lab_server: LabServer) -> Iterator[Page]:
    """A fresh browser page signed in to the server; its kernels are shut down afterwards."""
    context = chromium.new_context(
        base_url=lab_server.url,
        viewport={"width": 1400, "height": 1000},
        extra_http_headers={"Authorization": f"token {lab_server.token}"},
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    lab_server.console.clear()
    page.on("console", lambda message: lab_server.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: lab_server.console.append(f"page error: {error}"))
    yield page
    context.close()
    for session in lab_server.api("GET", "/api/sessions") or []:
        lab_server.api("DELETE", f"/api/sessions/{session['id']}")


def _save_artifacts(item: pytest.Item) -> str:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid)[-120:]
    lines = []
    page = item.funcargs.get("page")
    if isinstance(page, Page) and not page.is_closed():
        screenshot = ARTIFACTS / f"{stem}.png"
        try:
            page.screenshot(path=screenshot, full_page=True, timeout=15_000)
            lines.append(f"screenshot:     {screenshot}")
        except Error as error:
            lines.append(f"screenshot failed: {error}")
    server = item.funcargs.get("lab_server")
    if isinstance(server, LabServer):
        console = ARTIFACTS / f"{stem}.console.log"
        console.write_text("\n".join(server.console) + "\n")
        log = ARTIFACTS / f"{stem}.jupyter-server.log"
        shutil.copyfile(server.log_path, log)
        lines += [f"browser console: {console}", f"server log:     {log}", ""]
        lines += [f"last {_LOG_TAIL_LINES} lines of the server log:", server.log_tail()]
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failure, save what the browser and the server saw and name the files in the report."""
    report = yield
    if report.failed and report.when in ("setup", "call"):
        try:
            text = _save_artifacts(item)
        except Exception as error:  # the report must survive a broken page
            text = f"could not save artifacts: {error!r}"
        if text:  # nothing to show when no page or server was started
            report.sections.append(("browser artifacts", text))
    return report
