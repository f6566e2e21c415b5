"""The language server, tested in-process over its protocol: JSON-RPC messages with their
Content-Length headers written to the server's input pipe, its answers read from its output
pipe, the server running in a thread of this process."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import SCHEMES

pytest.importorskip("pygls")

from jixiao import lsp


class Client:
    def __init__(self) -> None:
        to_server_r, self.to_server = os.pipe()
        self.from_server, from_server_w = os.pipe()
        self.reader = os.fdopen(self.from_server, "rb")
        self.writer = os.fdopen(self.to_server, "wb")
        self.thread = threading.Thread(target=lsp.server.start_io, daemon=True, args=(
            os.fdopen(to_server_r, "rb"), os.fdopen(from_server_w, "wb")))
        self.thread.start()
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = True) -> int | None:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = msg["id"] = self.next_id
        body = json.dumps(msg).encode()
        self.writer.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.writer.flush()
        return ident

    def read(self) -> dict[str, Any]:
        length = 0
        while True:
            line = self.reader.readline().strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message: dict[str, Any] = json.loads(self.reader.read(length))
        return message

    def wait(self, pred: Any) -> dict[str, Any]:
        for _ in range(50):
            m = self.read()
            if pred(m):
                return m
        raise AssertionError("no such message")

    def request(self, method: str, params: Any) -> Any:
        ident = self.send(method, params)
        return self.wait(lambda m: m.get("id") == ident)["result"]


@pytest.fixture(scope="module")
def client() -> Client:
    c = Client()
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    c.send("initialized", {}, request=False)
    return c


def open_doc(client: Client, path: Path, text: str) -> list[dict[str, Any]]:
    uri = path.resolve().as_uri()
    client.send("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "jixiao", "version": 1, "text": text}}, request=False)
    m = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri)
    diagnostics: list[dict[str, Any]] = m["params"]["diagnostics"]
    return diagnostics


def test_diagnostics_as_you_type_hover_and_definition_across_extends(
        client: Client, tmp_path: Path) -> None:
    shutil.copy(SCHEMES / "transfer_regional.jx", tmp_path / "transfer_regional.jx")
    child = tmp_path / "child.jx"
    text = ('scheme 子方案 version "1" extends "transfer_regional.jx" {\n'
            "  derive 项目开工率 = round(count(projects where started) / count(projects), 4)\n}\n")
    assert open_doc(client, child, text) == []
    uri = child.resolve().as_uri()
    # a typing mistake: reported with its code and position, then gone when fixed
    client.send("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": text.replace("/ count(projects)", "/ cont(projects)")}]},
        request=False)
    m = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    d = m["params"]["diagnostics"][0]
    assert d["code"] == "JX203"
    assert d["range"]["start"]["line"] == 1
    assert "cont" in d["message"]
    client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                           "contentChanges": [{"text": text}]}, request=False)
    m = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert m["params"]["diagnostics"] == []
    # hover: a function of the language, and a figure this file derives
    at_round = {"line": 1, "character": text.splitlines()[1].index("round") + 1}
    h = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": at_round})
    assert h["contents"]["value"].startswith("round(")
    at_name = {"line": 1, "character": 10}
    h = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": at_name})
    assert h["contents"]["value"].startswith("派生指标 项目开工率 = round(")


def test_definition_jumps_into_the_parent_scheme(client: Client, tmp_path: Path) -> None:
    shutil.copy(SCHEMES / "transfer_regional.jx", tmp_path / "transfer_regional.jx")
    child = tmp_path / "child.jx"
    text = ('scheme 子方案 version "1" extends "transfer_regional.jx" {\n'
            "  # 正向 与 预算执行 都定义在父方案中\n}\n")
    (warned,) = open_doc(client, child, text)  # a child that changes nothing: a warning
    assert (warned["code"], warned["severity"]) == ("JX560", 2)
    uri = child.resolve().as_uri()
    loc = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                     "position": {"line": 1, "character": 4}})
    parent = (tmp_path / "transfer_regional.jx").resolve()
    assert loc["uri"] == parent.as_uri()
    kind_line = next(i for i, s in enumerate(parent.read_text("utf-8").splitlines())
                     if s.strip().startswith("kind 正向"))
    assert loc["range"]["start"]["line"] == kind_line
    h = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                              "position": {"line": 1, "character": 9}})
    assert h["contents"]["value"].startswith("一级指标 预算执行：分值 10")


def test_completion_offers_the_tables_functions_keywords_and_the_schemes_names(
        client: Client, tmp_path: Path) -> None:
    """has (the function table's entry), the grammar's keywords, and the file's parameters."""
    child = tmp_path / "child.jx"
    text = ('scheme 子方案 version "1" extends "transfer_regional.jx" {\n'
            "  param 超额 = 120%\n"
            "  kind 正向 { flag 超额完成 warning \"超\" when actual > target * 超额 }\n}\n")
    open_doc(client, child, text)
    got = client.request("textDocument/completion", {
        "textDocument": {"uri": child.resolve().as_uri()},
        "position": {"line": 2, "character": 10}})
    labels = {i["label"] for i in got["items"]}
    assert {"has", "round", "count", "where", "not_applicable"} <= labels
    assert {"超额", "预算执行", "定性"} <= labels


def test_requests_about_a_document_never_opened_answer_nothing(client: Client,
                                                               tmp_path: Path) -> None:
    """pygls would read such a document from disk (a traceback when it is not there)."""
    uri = (tmp_path / "never-opened.jx").resolve().as_uri()
    at = {"line": 0, "character": 3}
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": at}) is None
    assert client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                      "position": at}) is None


def test_after_invalid_params_the_server_goes_on(client: Client, tmp_path: Path) -> None:
    """A request pygls cannot read (a negative position) is logged (one line, see below) and
    dropped; the next one is answered."""
    path = tmp_path / "s.jx"
    open_doc(client, path, 'scheme 甲 version "1" extends "transfer_regional.jx" {\n}\n')
    uri = path.resolve().as_uri()
    client.send("textDocument/hover", {"textDocument": {"uri": uri},
                                       "position": {"line": -5, "character": -1}})
    answer = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": 0, "character": 1}})
    assert any(item["label"] == "round" for item in answer["items"])


def test_the_servers_error_logs_are_one_line_each() -> None:
    import logging
    import sys

    try:
        raise ValueError("Position.line should be in range [0:2147483647], but was -5.")
    except ValueError:
        info = sys.exc_info()
    records = [
        logging.LogRecord("pygls", logging.ERROR, __file__, 1,
                          'Exception occurred for message "%s"', ("3",), info),
        logging.LogRecord("pygls", logging.ERROR, __file__, 1, "Unable to deserialize message\n%s",
                          ("Traceback (most recent call last):\n  File ...\nValueError: x",), None),
    ]
    lines = [lsp._OneLine().format(r) for r in records]
    assert lines == [
        'jixiao-lsp: error: Exception occurred for message "3" (ValueError: Position.line '
        "should be in range [0:2147483647], but was -5.)",
        "jixiao-lsp: error: Unable to deserialize message"]
