"""HTML mail to readable text, and a sanitised HTML copy that is safe to display.

Customer HTML is untrusted: the display copy goes through nh3 (a Rust HTML sanitiser) with
scripts, styles, event handlers and remote images removed -- remote images are how
tracking pixels report that a mail was opened. The text copy keeps what a reader needs:
paragraphs, list bullets, link targets as "text (url)", and quoted blocks as "> " lines so the
quote splitter sees them like a plain-text quote.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BLOCK = {"p", "div", "section", "article", "header", "footer", "table", "tr", "h1", "h2", "h3",
         "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "pre", "address", "center", "form",
         "fieldset", "main", "nav", "aside", "figure", "figcaption", "tbody", "thead", "tfoot"}
PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "dl"}
SKIP = {"script", "style", "head", "title", "noscript", "template", "xml", "object", "iframe",
        "svg", "math", "o:p"}
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
HR_LINE = "_" * 32


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.skip_tag: list[str] = []
        self.quote_depth = 0
        self.quote_stack: list[bool] = []
        self.pre_depth = 0
        self.lists: list[list[int | str]] = []  # [kind, counter]
        self.links: list[tuple[str, int]] = []
        self.pending_blank = False

    # -- output helpers
    def _prefix(self) -> str:
        return "> " * self.quote_depth

    def newline(self) -> None:
        line = "".join(self.current)
        self.current = []
        if not self.pre_depth:
            line = re.sub(r"[ \t\u00a0\u200b\ufeff]+", " ", line).strip()
        if line or self.pre_depth:
            if self.pending_blank and self.lines and self.lines[-1].strip("> "):
                self.lines.append(self._prefix().rstrip())
            self.lines.append(self._prefix() + line)
            self.pending_blank = False

    def paragraph(self) -> None:
        self.newline()
        self.pending_blank = True

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if self.skip_depth:
            if tag == self.skip_tag[-1] and tag not in VOID:
                self.skip_depth += 1
            return
        if tag in SKIP:
            self.skip_depth, self.skip_tag = 1, [tag]
            return
        attr = {k.lower(): (v or "") for k, v in attrs}
        if tag == "br":
            self.newline()
        elif tag == "hr":
            self.paragraph()
            self.lines.append(self._prefix() + HR_LINE)
        elif tag == "img":
            self._image(attr)
        elif tag == "li":
            self.newline()
            if self.lists:
                kind = self.lists[-1]
                if kind[0] == "ol":
                    kind[1] = int(kind[1]) + 1
                    self.current.append(f"{kind[1]}. ")
                else:
                    self.current.append("• ")
            else:
                self.current.append("• ")
        elif tag in ("ul", "ol"):
            self.paragraph()
            self.lists.append([tag, 0])
        elif tag == "a":
            self.links.append((attr.get("href", ""), len("".join(self.current))))
            self.links[-1] = (attr.get("href", ""), len(self.current))
        elif tag == "pre":
            self.paragraph()
            self.pre_depth += 1
        elif tag in ("td", "th"):
            if self.current and "".join(self.current).strip():
                self.current.append(" ")
        if tag in ("blockquote", "div"):
            # Every blockquote is a quote (Apple type=cite, Gmail, Thunderbird); divs only
            # mark one through the class/id names clients give their quote containers.
            quoted = tag == "blockquote"
            self.newline()
            self.quote_stack.append(quoted)
            if quoted:
                # A blank line (outside the quote) sets the quote apart from the text above.
                if self.lines and self.lines[-1].strip("> "):
                    self.lines.append(self._prefix().rstrip())
                self.quote_depth += 1
                self.pending_blank = False
        elif tag in BLOCK:
            self.paragraph() if tag in PARAGRAPH else self.newline()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.skip_depth:
            if tag == self.skip_tag[-1]:
                self.skip_depth -= 1
            return
        if tag == "a" and self.links:
            href, start = self.links.pop()
            label = "".join(self.current[start:]).strip()
            target = href.strip()
            if target.lower().startswith("mailto:"):
                target = target[7:].split("?", 1)[0]
            if target and not target.startswith(("#", "javascript:", "cid:")) and \
                    target.rstrip("/").lower() not in label.rstrip("/").lower():
                self.current.append(f" ({target})" if label else target)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.paragraph()
        elif tag == "pre":
            self.newline()
            self.pre_depth = max(0, self.pre_depth - 1)
            self.pending_blank = True
        elif tag in ("blockquote", "div"):
            if tag == "blockquote":
                self.paragraph()
            else:
                self.newline()
            if self.quote_stack and self.quote_stack.pop():
                self.quote_depth = max(0, self.quote_depth - 1)
        elif tag == "li":
            self.newline()
        elif tag in BLOCK:
            self.paragraph() if tag in PARAGRAPH else self.newline()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.pre_depth:
            parts = data.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self.newline()
                self.current.append(part)
            return
        self.current.append(data.replace("\r", " ").replace("\n", " "))

    def _image(self, attr: dict[str, str]) -> None:
        # Tracking pixels: 1x1 (or 0x0) images, or hidden ones; they carry no words.
        size = (attr.get("width", "") + attr.get("height", "")).replace("px", "")
        style = attr.get("style", "").replace(" ", "").lower()
        if size in ("11", "00", "01", "10") or "display:none" in style or "width:1px" in style:
            return
        alt = " ".join(attr.get("alt", "").split())
        if alt:
            self.current.append(f"[{alt}]")

    def close_all(self) -> str:
        self.close()
        self.newline()
        text = "\n".join(self.lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def html_to_text(markup: str) -> str:
    """Readable plain text from an HTML mail body (see the module docstring)."""
    builder = _TextBuilder()
    try:
        builder.feed(markup)
        return builder.close_all()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; this is a last resort
        stripped = re.sub(r"(?is)<(script|style)\b.*?</\1>|<[^>]+>", " ", markup)
        return re.sub(r"[ \t]+", " ", html.unescape(stripped)).strip()


_SAFE_SCHEMES = {"http", "https", "mailto", "tel", "cid"}


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        # Only images carried inside the mail (cid:) or inline data may load; remote ones
        # are tracking pixels or content the sender can swap after sending.
        return value if value.lower().startswith(("cid:", "data:image/")) else None
    return value


def sanitize_html(markup: str) -> str:
    """A copy of untrusted HTML safe to show: no scripts, styles, remote images or unsafe links."""
    import nh3  # imported lazily: only needed when a message has HTML

    tags = set(nh3.ALLOWED_TAGS) - {"img"} | {"img", "font", "center", "span", "div"}
    attributes = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
    attributes.setdefault("img", set()).update({"src", "alt", "width", "height"})
    attributes.setdefault("a", set()).update({"href", "title"})
    return nh3.clean(markup, tags=tags, attributes=attributes, url_schemes=_SAFE_SCHEMES,
                     attribute_filter=_filter_attribute, link_rel="noopener noreferrer nofollow")


def text_to_html(text: str) -> str:
    """A minimal, escaped HTML rendering of a plain-text body (for display)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
