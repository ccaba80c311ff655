"""Read files into Documents: exact text plus metadata. First stage of the line.

One loader per format, registered by file suffix in ``LOADERS`` (adding a format is one
function plus one registry line). A Document's ``text`` is the exact text that offsets
point into: for Markdown and plain text it is the whole file, front matter included, so
``text[start:end]`` of any passage reproduces the source file's characters. PDF, DOCX and
HTML are extracted to text first (headings as ``#`` lines, list items as ``- `` lines, so
the passage splitter sees their structure); offsets point into that extracted text, and
a PDF's ``pages`` records where each page starts in it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from stepqa.errors import DocumentError, UnsupportedFormatError
from stepqa.layout import SUPERSCRIPT, Word, page_texts, stated_date


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    text: str
    content_hash: str
    title: str
    body_start: int = 0
    publisher: str = ""
    date: str = ""
    authors: tuple[str, ...] = ()
    fictional: bool = False
    pages: tuple[int, ...] = ()  # PDF: offset in ``text`` where each page starts

    def page_at(self, offset: int) -> int | None:
        return page_at(self.pages, offset)


def page_at(pages: Sequence[int], offset: int) -> int | None:
    """1-based page holding ``offset``, given where each page starts (None: no pages)."""
    if not pages:
        return None
    return bisect.bisect_right(pages, offset) or 1


_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    slug = _SLUG.sub("-", name.lower()).strip("-")
    return slug or "document"


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise DocumentError(f"{path}: looks like a binary file, not text", "check the file type")
    try:
        # utf-8-sig would drop a BOM and shift every offset; keep the text as stored.
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{path}: not valid UTF-8 (byte {exc.start})", "re-save the file as UTF-8"
        ) from exc


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _front_matter(path: Path, text: str) -> tuple[dict[str, Any], int]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"{path}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(f"{path}: front matter must be a YAML mapping")
    return meta, match.end()


def _from_text(
    path: Path, raw: bytes, meta: dict[str, Any], text: str, body_start: int,
    pages: tuple[int, ...] = (),
) -> Document:
    if not text[body_start:].strip():
        raise DocumentError(f"{path}: contains no text to index",
                            "a scanned PDF needs OCR first" if pages else "")
    authors = meta.get("authors") or ()
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r"[;,]", authors) if a.strip()]
    return Document(
        doc_id=slugify(_as_text(meta.get("id")) or path.stem),
        source=str(path),
        text=text,
        content_hash=hashlib.sha256(raw).hexdigest(),
        title=_as_text(meta.get("title")) or path.stem,
        body_start=body_start,
        publisher=_as_text(meta.get("publisher")),
        date=_as_text(meta.get("date")),
        authors=tuple(_as_text(a) for a in authors),
        fictional=bool(meta.get("fictional", False)),
        pages=pages,
    )


def load_markdown(path: Path) -> Document:
    raw = path.read_bytes()
    text = _decode(path, raw)
    meta, body_start = _front_matter(path, text)
    return _from_text(path, raw, meta, text, body_start)


def load_plain_text(path: Path) -> Document:
    raw = path.read_bytes()
    return _from_text(path, raw, {}, _decode(path, raw), 0)


_PAGE_BREAK = "\n\n"


def load_pdf(path: Path) -> Document:
    """Every page's text as a person reads it (layout.page_texts over the words and fonts
    pdfplumber gives): columns in order, headings from type size, weight and numbering,
    running headers, footers and page numbers left out, words hyphenated across line ends
    joined, footnotes after their page's body; pages joined by a blank line. Title, author
    and publisher from the document information dictionary (pypdf, which also tells an
    encrypted or broken file); the date a cover line states (first page), else the
    creation date recorded in the file."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # A broken file is reported once, as a DocumentError, not also as library log noise.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    raw = path.read_bytes()
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise DocumentError(f"{path}: the PDF is encrypted", "save an unprotected copy")
        info: Mapping[str, Any] = reader.metadata or {}
        count = len(reader.pages)
    except PyPdfError as exc:
        raise DocumentError(f"{path}: not a readable PDF ({exc})") from exc
    words, widths = _pdf_words(path, raw)
    if count and not any(words):
        raise DocumentError(f"{path}: the PDF has no text layer (a scan?)",
                            "run OCR on it first (e.g. ocrmypdf), then ingest the result")
    texts = page_texts(words, widths)
    pages, parts, offset = [], [], 0
    for text in texts:
        pages.append(offset)
        parts.append(text)
        offset += len(text) + len(_PAGE_BREAK)
    created = info.get("/CreationDate", "")
    meta = {
        "title": info.get("/Title"),
        "authors": info.get("/Author"),
        "publisher": info.get("/Publisher") or info.get("/Company"),
        "date": (stated_date(texts[0][:2000]) if texts else None)
        or (_pdf_date(str(created)) if created else None),
    }
    return _from_text(path, raw, meta, _PAGE_BREAK.join(parts), 0, tuple(pages))


def _pdf_words(path: Path, raw: bytes) -> tuple[list[list[Word]], list[float]]:
    """Each page's words with position, type size and weight (pdfplumber splits a word
    where its font changes, so a superscript note marker is a word of its own)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            pages = [[Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"]),
                           "bold" in str(w["fontname"]).lower())
                      for w in page.extract_words(extra_attrs=["size", "fontname"])]
                     for page in pdf.pages]
            return pages, [float(page.width) for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds; all mean the same to a user
        raise DocumentError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from exc


def _pdf_date(value: str) -> str | None:
    """PDF dates look like D:20240409120000+09'00'."""
    m = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?", value)
    if not m:
        return None
    return "-".join(x for x in (m.group(1), m.group(2) or "01", m.group(3) or "01"))


def load_docx(path: Path) -> Document:
    """Paragraphs in order; Heading/Title styles become ``#`` lines, list styles ``- ``
    lines, table rows ``a | b`` lines; a footnote reference is a superscript number and
    the footnotes follow the body under "Footnotes". Page headers and footers, comments
    and deleted (tracked) text are not part of the body and are never read. Metadata
    from the core properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    raw = path.read_bytes()
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise DocumentError(f"{path}: not a readable Word (.docx) file ({exc})") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join(_docx_text(block).split())
            if text:
                style = Paragraph(block, document).style
                lines.append(_docx_line(style.name if style is not None else "", text))
        elif tag == "tbl":
            table = Table(block, document)
            for row in table.rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    lines.append(" | ".join(cells))
    notes = _docx_footnotes(document)
    if notes:
        lines += ["## Footnotes", *(f"Footnote {n}: {text}" for n, text in notes)]
    props = document.core_properties
    meta = {
        "title": props.title,
        "authors": props.author,
        "publisher": props.category,
        "date": props.created.date() if props.created else None,
    }
    return _from_text(path, raw, meta, "\n\n".join(lines) + "\n", 0)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(element: Any) -> str:
    """A paragraph's text as Word shows it, with a footnote reference as a superscript
    number ("training¹")."""
    out = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}footnoteReference"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}footnoteReference":
            out.append(str(node.get(f"{_W}id", "")).translate(SUPERSCRIPT))
        else:
            out.append(" ")
    return "".join(out)


def _docx_footnotes(document: Any) -> list[tuple[str, str]]:
    """The document's footnotes (number, text) from its footnotes part, if it has one;
    the separator notes Word keeps there are not footnotes."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype != RELATIONSHIP_TYPE.FOOTNOTES or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        notes = []
        for note in root.iter(f"{_W}footnote"):
            if note.get(f"{_W}type") in {"separator", "continuationSeparator", "continuationNotice"}:
                continue
            text = " ".join(" ".join(_docx_text(p) for p in note.iter(f"{_W}p")).split())
            if text:
                notes.append((str(note.get(f"{_W}id")), text))
        return notes
    return []


def _docx_line(style: str, text: str) -> str:
    name = style.lower()
    if name == "title":
        return f"# {text}"
    m = re.match(r"heading (\d)", name)
    if m:
        return "#" * min(6, int(m.group(1)) + 1) + f" {text}"
    if name.startswith("list"):
        return f"- {text}"
    return text


_HTML_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote", "dt", "dd",
                "figcaption", "caption", "tr", "div", "section", "article", "td", "th"}
_HTML_SKIP = {"script", "style", "noscript", "template", "head", "svg"}


def load_html(path: Path) -> Document:
    """The page's main content, read by trafilatura (no navigation, cookie banners, asides
    or footers), as Markdown-like text: headings as ``#`` lines, list items as ``- ``
    lines. Title, author, publisher and date from the page's metadata. A page trafilatura
    finds no main content in is read block by block instead."""
    import lxml.html
    import trafilatura
    from lxml.etree import ParserError

    raw = path.read_bytes()
    try:
        # Most pages are UTF-8 without saying so; lxml alone would read them as Latin-1.
        try:
            source: str | bytes = raw.decode("utf-8")
        except UnicodeDecodeError:
            source = raw  # let lxml honour the page's declared charset
        root = lxml.html.document_fromstring(source)
    except (ParserError, ValueError) as exc:
        raise DocumentError(f"{path}: not readable HTML ({exc})") from exc
    metas = {
        (m.get("name") or m.get("property") or "").lower(): m.get("content", "")
        for m in root.iter("meta")
    }
    found = trafilatura.extract_metadata(root)
    title = root.findtext(".//title")
    meta = {
        "title": (" ".join(title.split()) if title else None) or (found.title if found else None),
        "authors": metas.get("author") or (found.author if found else None),
        "publisher": metas.get("publisher") or metas.get("og:site_name")
        or (found.sitename if found else None),
        "date": metas.get("date") or metas.get("dcterms.date")
        or metas.get("article:published_time", "")[:10] or (found.date if found else None),
    }
    main = trafilatura.extract(lxml.html.document_fromstring(source), output_format="markdown",
                               include_tables=True, include_comments=False, favor_precision=True)
    text = main.strip() + "\n" if main and main.strip() else _html_blocks(root)
    return _from_text(path, raw, meta, text, 0)


def _html_blocks(root: Any) -> str:
    """Every block element's text in reading order (script and style dropped)."""
    for bad in list(root.iter(*_HTML_SKIP)):
        bad.drop_tree()
    lines: list[str] = []
    for el in root.iter(*_HTML_BLOCKS):
        if any(child.tag in _HTML_BLOCKS for child in el.iterdescendants()):
            continue  # its inner blocks are taken one by one
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if el.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = "#" * int(el.tag[1]) + " " + text
        elif el.tag == "li":
            text = "- " + text
        lines.append(text)
    return "\n\n".join(lines) + "\n"


Loader = Callable[[Path], Document]

LOADERS: dict[str, Loader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_plain_text,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
}

# Files that live beside documents but are not documents.
_SKIPPED_NAMES = {"sources.md", "readme.md", "license", "license.md"}


def load(path: Path) -> Document:
    """Read one file with the loader registered for its suffix."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnsupportedFormatError(
            f"{path}: unsupported file type {path.suffix or '(none)'}",
            "supported: " + ", ".join(sorted(LOADERS)),
        )
    try:
        if path.stat().st_size == 0:
            raise DocumentError(f"{path}: the file is empty", "add text to it, or leave it out")
        return with_sidecar(loader(path), path)
    except OSError as exc:
        raise DocumentError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


SIDECAR = ".meta.yaml"


def sidecar_path(path: Path) -> Path:
    """Where metadata a user set for ``path`` is kept: beside it, never inside it."""
    return path.with_name(path.name + SIDECAR)


def with_sidecar(doc: Document, path: Path) -> Document:
    """``doc`` with the title, publisher, date and authors of its sidecar file, if any; the
    sidecar enters the content hash, so editing it re-indexes the document."""
    side = sidecar_path(path)
    if not side.is_file():
        return doc
    raw = side.read_bytes()
    try:
        meta = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"{side}: not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(f"{side}: must be a YAML mapping")
    changes: dict[str, Any] = {k: _as_text(meta[k]) for k in ("title", "publisher", "date")
                               if meta.get(k)}
    if meta.get("authors"):
        changes["authors"] = tuple(_as_text(a) for a in meta["authors"])
    digest = hashlib.sha256((doc.content_hash + hashlib.sha256(raw).hexdigest()).encode())
    return dataclasses.replace(doc, content_hash=digest.hexdigest(), **changes)


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Files to ingest under the given files and folders, in a stable order.

    A file named explicitly is always returned (so an unsupported one gets a clear error);
    inside folders, only supported formats are picked up and hidden files are skipped.
    """
    for path in paths:
        if not path.exists():
            raise DocumentError(f"{path}: no such file or folder")
        if path.is_file():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if (
                child.is_file()
                and child.suffix.lower() in LOADERS
                and child.name.lower() not in _SKIPPED_NAMES
            ):
                yield child
