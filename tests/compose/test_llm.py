"""Model polish against a local OpenAI-compatible server: accepted only when safe, else the template."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .helpers import NOW, analysis, build_shop
from tactful.compose import compose
from tactful.compose.llm import ModelEndpoint, language_matches, polish, ungrounded
from tactful.understand.types import Secret

CARD = "4111 1111 1111 1111"


class FakeModel(BaseHTTPRequestHandler):
    """Speaks /v1/chat/completions; ``server.mode`` decides the answer."""

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        self.server.requests.append(json.loads(self.rfile.read(length)))
        mode, text = self.server.mode, self.server.text
        if mode == "slow":
            time.sleep(1.5)
        if mode == "http500":
            self.send_response(500)
            self.end_headers()
            return
        if mode == "malformed":
            payload = b'{"choices": [ {"message": '
        elif mode == "refusal":
            payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": None,
                                                           "refusal": "I can't help with that."},
                                               "finish_reason": "stop"}]}).encode()
        else:
            payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": text},
                                               "finish_reason": "stop"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            self.wfile.write(payload)
        except BrokenPipeError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    httpd.requests, httpd.mode, httpd.text = [], "ok", ""
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def endpoint(httpd, timeout=5.0):
    return ModelEndpoint(f"http://127.0.0.1:{httpd.server_address[1]}/v1", "fake-7b", "k-test", timeout)


@pytest.fixture
def case():
    shop = build_shop()
    text = f"Where is my parcel TS-1001? My card is {CARD} if you need it."
    start = text.index(CARD)
    a = analysis(text, "shipping.status", order_numbers=["TS-1001"], sender_name="Anna Schmidt")
    a = a.__class__(**{**a.__dict__, "masked_text": text.replace(CARD, "[card number]"),
                       "secrets": (Secret("card_number", start, start + len(CARD)),)})
    draft = compose(a, shop, now=NOW)
    return shop, a, draft


def accept_all(*args, **kwargs):
    class R:
        findings = ()
    return R()


def test_good_answer_is_accepted(server, case):
    shop, a, draft = case
    server.text = draft.body.replace("Thank you for your message.", "Many thanks for getting in touch.")
    out = polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=accept_all)
    assert out.body == server.text.strip() + "\n"
    assert out.notes[-1] == "polished by fake-7b"
    request = server.requests[0]
    assert request["model"] == "fake-7b" and request["messages"][0]["role"] == "system"


def test_the_model_never_sees_a_secret(server, case):
    shop, a, draft = case
    server.text = draft.body
    polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=accept_all)
    sent = json.dumps(server.requests[0], ensure_ascii=False)
    assert CARD not in sent and CARD.replace(" ", "") not in sent
    assert "[card number]" in sent          # the masked text is what it gets (H3)


def test_slow_endpoint_falls_back(server, case):
    shop, a, draft = case
    server.mode, server.text = "slow", draft.body
    out = polish(draft, a, endpoint=endpoint(server, timeout=0.3), shop=shop, now=NOW, reviewer=accept_all)
    assert out.body == draft.body
    assert "too slow" in out.notes[-1] or "unreachable" in out.notes[-1]


@pytest.mark.parametrize("mode,reason", [("malformed", "malformed"), ("http500", "HTTP 500"),
                                         ("refusal", "refused")])
def test_broken_answers_fall_back(server, case, mode, reason):
    shop, a, draft = case
    server.mode = mode
    out = polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=accept_all)
    assert out.body == draft.body and reason in out.notes[-1]


def test_invented_tracking_number_is_rejected(server, case):
    shop, a, draft = case
    server.text = draft.body.replace("RR123456785CN", "RR999999995CN")
    out = polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=accept_all)
    assert out.body == draft.body
    assert "RR999999995CN" in out.notes[-1] and "not grounded" in out.notes[-1]


def test_dropped_tracking_link_is_rejected(server, case):
    shop, a, draft = case
    link = draft.facts_used["tracking_link"]
    server.text = draft.body.replace(link, "our website")
    out = polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=accept_all)
    assert out.body == draft.body and "dropped link" in out.notes[-1]


def test_wrong_language_is_rejected(server):
    shop = build_shop()
    a = analysis("Wo ist mein Paket TS-1001?", "shipping.status", language="de", order_numbers=["TS-1001"])
    draft = compose(a, shop, now=NOW)
    english = compose(analysis("Where is my parcel TS-1001?", "shipping.status", order_numbers=["TS-1001"],
                               message_id=a.message_id), shop, now=NOW)
    server.text = english.body
    out = polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=accept_all)
    assert out.body == draft.body and "not in de" in out.notes[-1]


def test_review_errors_reject_the_answer(server, case):
    shop, a, draft = case
    server.text = draft.body

    def strict(*args, **kwargs):
        class F:
            rule, severity = "SECURE", "error"

        class R:
            findings = (F(),)
        return R()
    out = polish(draft, a, endpoint=endpoint(server), shop=shop, now=NOW, reviewer=strict)
    assert out.body == draft.body and "failed review: SECURE" in out.notes[-1]


def test_language_guard_and_grounding_helpers():
    assert language_matches("Vielen Dank für Ihre Nachricht, wir melden uns innerhalb von 24 Stunden.", "de")
    assert not language_matches("Thank you for your message, we will reply within 24 hours.", "de")
    assert language_matches("感谢您的来信，我们会在24小时内回复。", "zh")
    assert ungrounded("Order TS-1001 costs €9.99", "Order TS-1001", "Order TS-1001") == ["new number 9.99"]


def test_endpoint_from_env():
    assert ModelEndpoint.from_env({}) is None
    ep = ModelEndpoint.from_env({"TACTFUL_LLM_URL": "http://127.0.0.1:11434/v1", "TACTFUL_LLM_MODEL": "llama3"})
    assert ep.chat_url == "http://127.0.0.1:11434/v1/chat/completions"
