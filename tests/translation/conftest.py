"""A LibreTranslate stand-in speaking its wire protocol, run in-process on a loopback port.

No translation model can be downloaded on this machine, so the server transforms text
deterministically: a few English words become Spanish, and decimal points become commas, as real
engines do for Spanish. That last habit is what the glossary must defend numbers against.
"""

import json
import re
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from bs4 import BeautifulSoup

WORDS = {
    "the": "el",
    "trial": "ensayo",
    "patients": "pacientes",
    "maintenance": "mantenimiento",
    "survival": "supervivencia",
    "improved": "mejoró",
    "with": "con",
    "and": "y",
    "of": "de",
    "in": "en",
    "months": "meses",
    "versus": "frente a",
    "median": "mediana",
    "results": "resultados",
    "progression-free": "libre de progresión",
    "overall": "global",
    "see": "vea",
    "table": "tabla",
}
LANGUAGES = [
    {"code": "en", "name": "English", "targets": ["es", "fr", "de", "it"]},
    {"code": "es", "name": "Spanish", "targets": ["en"]},
    {"code": "fr", "name": "French", "targets": ["en"]},
    {"code": "de", "name": "German", "targets": ["en"]},
    {"code": "it", "name": "Italian", "targets": ["en"]},
]


def _word(match):
    word = match.group(0)
    spanish = WORDS.get(word.lower(), word)
    return spanish[:1].upper() + spanish[1:] if word[:1].isupper() else spanish


def machine_translate(text):
    words = re.sub(r"[A-Za-z-]+", _word, text)
    return re.sub(r"(\d)\.(\d)", r"\1,\2", words)


def translate_html(fragment):
    soup = BeautifulSoup(fragment, "html.parser")
    for text in list(soup.find_all(string=True)):
        text.replace_with(machine_translate(str(text)))
    return soup.decode(formatter="minimal")


class FakeLibreTranslate:
    def __init__(self):
        self.requests = []  # the decoded body of every /translate request
        self.mode = "translate"  # or: hostile, drop-terms, down, slow, wrong-count
        self.api_key = ""
        self.delay = 0.0

    def answer(self, payload):
        self.requests.append(payload)
        if self.api_key and payload.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        if self.mode == "down":
            return 503, {"error": "Service unavailable"}
        if self.mode == "slow":
            time.sleep(self.delay)
        q = payload["q"]
        texts = q if isinstance(q, list) else [q]
        if payload.get("format") == "html":
            out = [translate_html(text) for text in texts]
        else:
            out = [machine_translate(text) for text in texts]
        if self.mode == "hostile":
            out = [
                text + '<img src="x" onerror="alert(1)"><script>alert(2)</script>'
                '<a href="javascript:alert(3)">more</a>'
                for text in out
            ]
        if self.mode == "drop-terms":
            out = [re.sub(r"<x-mmhub-term[^>]*></x-mmhub-term>", "", text, count=1) for text in out]
        if self.mode == "wrong-count":
            out = out[:-1]
        return 200, {"translatedText": out if isinstance(q, list) else out[0]}


def handler_for(server_state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/languages":
                self._reply(200, LANGUAGES)
            else:
                self._reply(404, {"error": "Not found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            raw = self.rfile.read(length).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                payload = json.loads(raw)
            else:  # LibreTranslate also takes form posts, with q repeated for a batch
                form = parse_qs(raw)
                payload = {key: values[0] for key, values in form.items()}
                payload["q"] = form.get("q", [])
            if self.path == "/v2/translate":  # DeepL's API, for the DeepL backend's test
                server_state.requests.append(payload | {"auth": self.headers["Authorization"]})
                texts = [translate_html(text) for text in payload["text"]]
                self._reply(200, {"translations": [{"text": text} for text in texts]})
                return
            if self.path != "/translate":
                self._reply(404, {"error": "Not found"})
                return
            try:
                status, body = server_state.answer(payload)
            except BrokenPipeError:
                return
            try:
                self._reply(status, body)
            except BrokenPipeError:
                pass  # the client gave up waiting (the timeout test)

    return Handler
