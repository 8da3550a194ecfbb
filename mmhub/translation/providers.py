"""Machine-translation providers the operator controls: LibreTranslate (self-hosted) and DeepL.

A provider takes a batch of HTML fragments and returns their translations in the same order, in
one HTTP request, within a bounded time. Any failure is a `ProviderError`; callers fall back to
the English text and never show an error page.
"""

from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.module_loading import import_string


class ProviderError(Exception):
    """The provider is down, slow, misconfigured or answered something unusable."""


@dataclass
class LibreTranslate:
    """LibreTranslate's HTTP API: POST /translate with a batched `q` and `format=html`."""

    url: str
    api_key: str = ""
    timeout: float = 10.0
    name: str = "LibreTranslate"

    def translate(self, fragments, source, target):
        payload = {"q": fragments, "source": source, "target": target, "format": "html"}
        if self.api_key:
            payload["api_key"] = self.api_key
        data = _post(f"{self.url.rstrip('/')}/translate", payload, {}, self.timeout)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        return _checked(translated, fragments)

    def languages(self):
        """[(code, name)] the server can translate into from English."""
        try:
            response = requests.get(f"{self.url.rstrip('/')}/languages", timeout=self.timeout)
            response.raise_for_status()
            rows = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderError(f"{self.name}: {error}") from error
        return [(row["code"], row["name"]) for row in rows]


@dataclass
class DeepL:
    """DeepL's API v2 with `tag_handling=html`; free keys (ending ":fx") use api-free.deepl.com."""

    api_key: str
    timeout: float = 10.0
    url: str = ""  # empty: DeepL's own, chosen by the kind of key
    name: str = "DeepL"

    def translate(self, fragments, source, target):
        host = "api-free.deepl.com" if self.api_key.endswith(":fx") else "api.deepl.com"
        base = self.url.rstrip("/") or f"https://{host}"
        payload = {
            "text": fragments,
            "source_lang": source.upper(),
            "target_lang": target.upper(),
            "tag_handling": "html",
        }
        headers = {"Authorization": f"DeepL-Auth-Key {self.api_key}"}
        data = _post(f"{base}/v2/translate", payload, headers, self.timeout)
        rows = data.get("translations") if isinstance(data, dict) else None
        texts = [row.get("text") for row in rows] if isinstance(rows, list) else None
        return _checked(texts, fragments)


def _post(url, payload, headers, timeout):
    try:
        response = requests.post(url, json=payload, headers=headers, timeout=timeout)
        response.raise_for_status()
        return response.json()
    except requests.HTTPError as error:
        detail = error.response.text[:200] if error.response is not None else ""
        raise ProviderError(f"{url} answered {error}: {detail}") from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderError(f"{url}: {error}") from error


def _checked(translated, fragments):
    if not isinstance(translated, list) or len(translated) != len(fragments):
        raise ProviderError("the provider did not return one translation per fragment")
    if not all(isinstance(text, str) for text in translated):
        raise ProviderError("the provider returned a translation that is not text")
    return translated


def configured_provider():
    """The provider the settings name (`MT_PROVIDER`), or None when machine translation is off."""
    kind = settings.MT_PROVIDER
    if kind == "libretranslate":
        return LibreTranslate(settings.MT_URL, settings.MT_API_KEY, settings.MT_TIMEOUT)
    if kind == "deepl":
        return DeepL(settings.MT_API_KEY, settings.MT_TIMEOUT, settings.MT_DEEPL_URL)
    if kind in ("", "none"):
        return None
    return import_string(kind)()
