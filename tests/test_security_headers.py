"""Every kind of page the public site answers with carries the headers that limit what a planted
script could do: a CSP without inline scripts, no framing, and no powerful browser features.
(The production-only ones, HSTS and the HTTPS redirect, are in tests/ops/test_production_settings.)
"""

import pytest

from tests.conftest import FLAGSHIP_PATH


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        (FLAGSHIP_PATH, 200),
        ("/search/?q=<script>", 200),
        ("/gate/patients-and-carers/", 200),
        ("/es/articles/", 200),
        ("/no-such-page/", 404),
        ("/accounts/login/", 200),
        ("/newsletter/manage/not-a-token/", 404),
    ],
)
def test_public_pages_carry_the_security_headers(hcp_client, demo_site, path, status):
    response = hcp_client.get(path)

    assert response.status_code == status
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
