"""Malmöandan's face: the palette in static/css/identity.css passes WCAG AA, every page loads it with the logo,
and the favicon is served."""

import re
from pathlib import Path

import pytest
import tinycss2
from django.conf import settings
from django.urls import reverse

IDENTITY_CSS = Path(settings.BASE_DIR) / "static" / "css" / "identity.css"
TEXT, NON_TEXT = 4.5, 3.0  # WCAG 2.1 1.4.3 (normal text) and 1.4.11 (graphics, components)


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rules(css: str):
    """(selector, {property: value}) of every qualified rule, at the top level and inside @media blocks."""
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            declarations = tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            yield (
                tinycss2.serialize(rule.prelude).strip(),
                {
                    d.name: tinycss2.serialize(d.value).strip().removesuffix("!important").strip()
                    for d in declarations
                    if d.type == "declaration"
                },
            )
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
            yield from _rules(tinycss2.serialize(rule.content))


def _palette() -> dict[str, str]:
    root = next(props for selector, props in _rules(IDENTITY_CSS.read_text()) if selector == ":root")
    return {name: value.lower() for name, value in root.items() if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value)}


def _resolve(value: str, palette: dict[str, str]) -> str | None:
    match = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if match:
        return palette.get(match.group(1))
    return value.lower() if re.fullmatch(r"#[0-9a-fA-F]{3,6}", value) else None


def test_contrast_formula_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white


def test_every_text_colour_passes_aa_on_every_surface():
    palette = _palette()
    texts = {k: v for k, v in palette.items() if k.startswith("--ma-text-")}
    surfaces = {k: v for k, v in palette.items() if k.startswith("--ma-surface-")}
    assert len(texts) >= 5 and len(surfaces) >= 3
    failures = [
        f"{t} {texts[t]} on {s} {surfaces[s]}: {contrast(texts[t], surfaces[s]):.2f}"
        for t in texts
        for s in surfaces
        if contrast(texts[t], surfaces[s]) < TEXT
    ]
    assert contrast(palette["--ma-reverse-text"], palette["--ma-reverse-bg"]) >= TEXT
    assert not failures, failures


def test_shapes_stand_out_from_the_paper_and_the_cycle_track():
    palette = _palette()
    shapes = {k: v for k, v in palette.items() if k.startswith("--ma-shape-")}
    assert len(shapes) >= 4
    failures = [
        f"{name} {value} on {surface}: {contrast(value, palette[surface]):.2f}"
        for name, value in shapes.items()
        for surface in ("--ma-surface-paper", "--ma-surface-sand")
        if contrast(value, palette[surface]) < NON_TEXT
    ]
    assert not failures, failures


def test_each_rule_that_sets_text_and_background_passes_aa():
    palette = _palette()
    checked, failures = 0, []
    for selector, props in _rules(IDENTITY_CSS.read_text()):
        background = props.get("background-color") or props.get("background")
        if "color" not in props or not background:
            continue
        pair = _resolve(props["color"], palette), _resolve(background, palette)
        if None in pair:
            continue
        checked += 1
        if contrast(*pair) < TEXT:
            failures.append(f"{selector}: {pair[0]} on {pair[1]} = {contrast(*pair):.2f}")
    assert checked >= 3
    assert not failures, failures


def test_bootstrap_takes_the_palette_and_the_type():
    root = next(props for selector, props in _rules(IDENTITY_CSS.read_text()) if selector == ":root")
    assert root["--bs-body-color"] == "var(--ma-text-ink)"
    assert root["--bs-link-color"] == "var(--ma-text-sea)"
    assert root["--bs-body-font-family"] == "var(--ma-font)"


def test_every_page_loads_the_identity_the_logo_and_the_icons(client, db):
    html = client.get(reverse("about")).content.decode()
    assert "/static/css/identity.css" in html
    assert html.index("css/portal.css") < html.index("css/identity.css")  # the palette wins over the layout
    assert '<img class="site-name-logo" src="/static/img/logo-mark.svg" alt=""' in html
    assert 'rel="icon" href="/static/img/favicon.svg" type="image/svg+xml"' in html
    assert 'rel="icon" href="/favicon.ico"' in html


@pytest.mark.parametrize("name", ["logo.svg", "logo-mark.svg", "favicon.svg"])
def test_logos_are_svg_with_a_title(name):
    svg = (Path(settings.BASE_DIR) / "static" / "img" / name).read_text()
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<title>Malmöandan</title>" in svg


def test_favicon_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert body == (Path(settings.WHITENOISE_ROOT) / "favicon.ico").read_bytes()


def test_icons_and_stylesheet_are_static_files():
    from django.contrib.staticfiles import finders

    for path in ["img/favicon.svg", "img/logo-mark.svg", "img/logo.svg", "css/identity.css"]:
        assert finders.find(path), path
