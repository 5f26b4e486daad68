"""axe-core for the browser tests: installed from the npm registry into ``tests/browser/axe/``
(versions pinned by its package-lock.json) and injected into each page from that local file,
never from a CDN."""

from __future__ import annotations

from pathlib import Path

from tests.npm_install import npm_ci, unavailable

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_FILE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# WCAG 2.1 A and AA plus axe's best practices (landmarks, one main, skip link target ...).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_source() -> str:
    """The text of axe.min.js; runs ``npm ci`` first when node_modules is missing."""
    npm_ci(AXE_DIR, "the accessibility tests")
    if not AXE_FILE.exists():
        unavailable(f"axe-core is missing from {AXE_DIR}/node_modules after 'npm ci'")
    return AXE_FILE.read_text(encoding="utf-8")


def serious_violations(page, source: str) -> list[str]:
    """Serious and critical axe violations of the page as it is now, one line per element."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    results = page.evaluate(
        """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']})""",
        TAGS,
    )
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")[:300]
            lines.append(
                f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}"
                f" - {summary}"
            )
    return lines


# What axe does not check. WCAG 1.4.11: the border that shows where a text field is must
# reach 3:1 against what surrounds it (axe only measures text).
CONTROL_CONTRAST_JS = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const skip = ['checkbox', 'radio', 'hidden', 'submit', 'button', 'reset', 'image', 'range',
                'color', 'file'];
  return [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => !skip.includes(el.type) && el.offsetParent !== null)
    .map((el) => {
      const style = getComputedStyle(el);
      if (style.borderBottomStyle === 'none' || parseFloat(style.borderBottomWidth) === 0) {
        return `${el.name || el.id}: no border`;
      }
      const a = lum(rgb(style.borderBottomColor)), b = lum(behind(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return ratio < 3 ? `${el.name || el.id}: border ${ratio.toFixed(2)}:1` : null;
    })
    .filter(Boolean);
}"""


def weak_control_borders(page) -> list[str]:
    """Text fields, selects and text areas whose border is below 3:1 against their background."""
    return page.evaluate(CONTROL_CONTRAST_JS)


def skip_link_problem(page) -> str | None:
    """The first Tab must reach a visible "skip to content" link that moves focus to main."""
    # start from the top of the page, whatever has autofocus (the login form's e-mail)
    page.evaluate("() => { document.body.tabIndex = -1; document.body.focus(); }")
    page.keyboard.press("Tab")
    link = page.evaluate(
        """() => { const a = document.activeElement, r = a.getBoundingClientRect();
                   return {href: a.getAttribute('href'), w: r.width, h: r.height,
                           top: r.top, text: a.textContent.trim()}; }"""
    )
    if link["href"] != "#content":
        return f"first Tab reaches {link} instead of a skip link to #content"
    if link["w"] < 20 or link["h"] < 20 or link["top"] < 0:
        return f"the skip link is not visible when focused: {link}"
    page.keyboard.press("Enter")
    if page.evaluate("() => document.activeElement.id") != "content":
        return "the skip link does not move focus to the main content"
    return None
