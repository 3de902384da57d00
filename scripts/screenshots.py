"""Regenerate the README's screenshots of the main views with headless Chromium.

    python scripts/screenshots.py        # writes docs/screenshots/*.png
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from explorer.dataset import load_dataset
from explorer.graph import build_graph
from explorer.views import render_view

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {
    "loyalty.png": dict(name="loyalty", person="manaf-tlass"),  # dated the day before he defected
    "cracks.png": dict(name="cracks"),
    "defection.png": dict(name="defection"),
    "family.png": dict(name="family"),
    "story.png": dict(name="story", told="first-crack", fragment="step=6"),  # Manaf leaves Syria
}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    from explorer.stories import story_data

    dataset = load_dataset()
    graph = build_graph(dataset)
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        for file, spec in SHOTS.items():
            spec = dict(spec)
            fragment = spec.pop("fragment", "")
            if "told" in spec:
                spec["told"] = story_data(dataset.stories[spec["told"]], dataset)
            html = render_view(spec.pop("name"), graph, command="", **spec)
            path = work / file.replace(".png", ".html")
            path.write_text(html, encoding="utf-8")
            page.goto(path.as_uri() + (f"#{fragment}" if fragment else ""))
            # ready means laid out, fitted and drawn (names included); the screenshot waits for the next frame
            page.wait_for_selector("body[data-ready='true']", state="attached")
            page.screenshot(path=str(out / file))
            print(out / file)
        browser.close()


if __name__ == "__main__":
    main()
