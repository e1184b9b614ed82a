"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
no port, no extra package), for tests that open the report from disk.

Every request a page makes is paused by the ``Fetch`` domain and recorded; local ones
(``file:``, ``data:``, ``blob:``, ``about:``) go on, any other is failed before it is sent.
So a test can assert that nothing would have left the machine, and nothing does."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import itertools
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
TIMEOUT = 30.0


def chromium_or_skip() -> str:
    """Debian's chromium; without it tests skip locally but fail in CI (CI=true)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    reason = "no chromium on PATH: install Debian's package (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs it)")
    pytest.skip(reason)


@dataclass
class Visit:
    """What one page load did: every URL it asked for, and those that are not local."""

    url: str
    requests: list[str] = field(default_factory=list)

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]


class Browser:
    def __init__(self, executable: str) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="communique-chromium-"))
        commands_in, self._commands = os.pipe()
        self._events, events_out = os.pipe()

        def pipes_as_3_and_4() -> None:  # runs in the child, before exec
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (commands_in, events_out)]
            for number, fd in zip((3, 4), high, strict=True):
                os.dup2(fd, number)  # inheritable, unlike the pipe's own descriptors

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=pipes_as_3_and_4,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_in)
        os.close(events_out)
        self._ids = itertools.count(1)
        self._replies: dict[int, queue.Queue] = {}
        self._events_queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.visit: Visit | None = None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for method, params in (
            ("Page.enable", {}),
            ("Network.enable", {}),
            ("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}),
            (
                "Emulation.setDeviceMetricsOverride",
                {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            ),
        ):
            self.call(method, session=True, **params)

    # ---------------------------------------------------------------- protocol

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._events, 1 << 16)
            if not chunk:
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        box = self._replies.get(message["id"])
                    if box is not None:
                        box.put(message)
                else:
                    self._on_event(message)

    def _on_event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if self.visit is not None:
                self.visit.requests.append(url)
            if url.startswith(LOCAL_SCHEMES):
                self._send("Fetch.continueRequest", {"requestId": params["requestId"]}, True)
            else:  # failed here, before any name lookup or connection
                reason = {"requestId": params["requestId"], "errorReason": "BlockedByClient"}
                self._send("Fetch.failRequest", reason, True)
        elif method == "Network.requestWillBeSent" and self.visit is not None:
            self.visit.requests.append(params["request"]["url"])
        self._events_queue.put(message)

    def _send(
        self, method: str, params: dict[str, Any], session: bool, box: queue.Queue | None = None
    ) -> int:
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        with self._lock:
            if box is not None:
                self._replies[number] = box
            os.write(self._commands, json.dumps(message).encode() + b"\0")
        return number

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        box: queue.Queue = queue.Queue()
        number = self._send(method, params, session, box)
        try:
            reply = box.get(timeout=TIMEOUT)
        except queue.Empty:
            raise TimeoutError(f"chromium did not answer {method} in {TIMEOUT}s") from None
        finally:
            with self._lock:
                self._replies.pop(number, None)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    # ---------------------------------------------------------------- pages

    def open(self, url: str) -> Visit:
        """Load ``url`` and wait for its load event and for any charts to be drawn."""
        self.visit = Visit(url)
        while not self._events_queue.empty():
            self._events_queue.get_nowait()
        self.call("Page.navigate", session=True, url=url)
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                event = self._events_queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"{url} did not finish loading in {TIMEOUT}s") from None
            if event.get("method") == "Page.loadEventFired":
                break
        self.evaluate(
            "Promise.all(Object.values(window.reportCharts || {})).then(() => true)",
        )
        return self.visit

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """The whole page as PNG."""
        size = self.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": 1280, "height": min(size["height"], 4000), "scale": 1}
        shot = self.call(
            "Page.captureScreenshot",
            session=True,
            format="png",
            clip=clip,
            captureBeyondViewport=True,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        with contextlib.suppress(TimeoutError, RuntimeError, OSError):  # it may be gone
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self._reader.join(timeout=10)
        os.close(self._commands)
        os.close(self._events)
        shutil.rmtree(self.profile, ignore_errors=True)
