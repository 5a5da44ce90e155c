"""Every kind of public page passes the Nu HTML Checker (vnu.jar from npm) with no errors."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.pages import public_urls

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu():
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        message = "Nu HTML Checker needs java and `npm ci` (vnu-jar); check skipped."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(VNU_JAR)]


@pytest.mark.django_db
def test_every_kind_of_public_page_is_valid_html(client, vnu, tmp_path):
    call_command("load_demo", verbosity=0)
    pages = tmp_path / "pages"
    pages.mkdir()
    for number, url in enumerate(public_urls()):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        (pages / f"page-{number:03}.html").write_bytes(response.content)
        (pages / f"page-{number:03}.url").write_text(url)
    result = subprocess.run(
        [*vnu, "--errors-only", "--skip-non-html", "--format", "json", str(pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{(pages / Path(message['url']).name).with_suffix('.url').read_text()}: "
        f"line {message.get('lastLine')}: {message['message']}"
        for message in messages
        if message.get("type") == "error"
    ]
    assert errors == []
    assert result.returncode == 0
