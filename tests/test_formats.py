"""PDF, Word and HTML documents, built inside the tests (fictional content, no binary
fixtures): extracted text, metadata, page numbers and offsets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from stepqa.config import Settings
from stepqa.documents import load
from stepqa.errors import DocumentError
from stepqa.passages import split
from stepqa.pipeline import Assistant

PAGES = [
    "Fictional test document. Introduction to the Norland research partnership plan.",
    "The Norland Ministry of Research will fund 42 joint quantum projects with partner "
    "universities between 2025 and 2028.",
    "A review board meets every spring to evaluate the partnership projects.",
]


def make_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_title("Norland Partnership Plan (fictional)")
    pdf.set_author("Norland Ministry of Research")
    pdf.set_creation_date(dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    pdf.set_font("Helvetica", size=11)
    for text in PAGES:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "Valdoria Research Security Guide (fictional)"
    d.core_properties.author = "Valdoria Security Office; Research Council"
    d.core_properties.created = dt.datetime(2024, 6, 30)
    d.add_heading("Valdoria Research Security Guide", level=0)
    d.add_heading("Reporting duties", level=1)
    d.add_paragraph("Universities report foreign funding above 50,000 euros.")
    d.add_paragraph("Reports are due within 30 days.", style="List Bullet")
    d.add_paragraph("Late reports are published in the annual review.", style="List Bullet")
    d.add_heading("Exemptions", level=1)
    d.add_paragraph("Fellowships for students are exempt from reporting.")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Threshold"
    table.rows[0].cells[1].text = "50,000 euros"
    d.save(str(path))
    return path


HTML = """<!doctype html><html><head><title>Ostland Science Diplomacy Review (fictional)</title>
<meta name="author" content="Ostland Policy Lab"><meta name="date" content="2025-01-15">
<script>var ignored = "not text";</script></head><body>
<h1>Ostland Science Diplomacy Review</h1>
<h2>Attaché network</h2><p>The attaché network grew from 12 to 20 embassies.</p>
<ul><li>Ten attachés cover Asia.</li><li>Ten attachés cover Europe.</li></ul>
</body></html>"""


def test_pdf_pages_metadata_and_offsets(tmp_path: Path) -> None:
    doc = load(make_pdf(tmp_path / "norland.pdf"))
    assert doc.title == "Norland Partnership Plan (fictional)"
    assert doc.authors == ("Norland Ministry of Research",)
    assert doc.date == "2025-03-01"
    assert len(doc.pages) == 3
    start = doc.text.index("will fund 42 joint")
    assert doc.page_at(start) == 2
    assert doc.page_at(doc.text.index("review board")) == 3
    for p in split(doc):
        assert doc.text[p.start : p.end] == p.text


def test_docx_headings_lists_tables_and_properties(tmp_path: Path) -> None:
    doc = load(make_docx(tmp_path / "valdoria.docx"))
    assert doc.title == "Valdoria Research Security Guide (fictional)"
    assert doc.authors == ("Valdoria Security Office", "Research Council")
    assert doc.date == "2024-06-30"
    passages = split(doc)
    bullet = next(p for p in passages if "within 30 days" in p.text)
    assert bullet.heading_path[-1] == "Reporting duties"  # the bullet stays with its heading
    assert any("Threshold | 50,000 euros" in p.text for p in passages)
    for p in passages:
        assert doc.text[p.start : p.end] == p.text


def test_html_title_meta_and_structure(tmp_path: Path) -> None:
    path = tmp_path / "ostland.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load(path)
    assert (doc.title, doc.publisher, doc.date) == (
        "Ostland Science Diplomacy Review (fictional)", "", "2025-01-15")
    assert doc.authors == ("Ostland Policy Lab",)
    assert "ignored" not in doc.text
    item = next(p for p in split(doc) if "cover Asia" in p.text)
    assert item.heading_path[-1] == "Attaché network"


@pytest.mark.parametrize(("name", "content"), [
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf"),
    ("broken.docx", b"PK\x03\x04 not a zip"),
])
def test_corrupt_files_get_a_clear_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=name):
        load(path)


def test_answers_from_a_pdf_cite_the_page(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    make_pdf(folder / "norland.pdf")
    assistant = Assistant(Settings(index_dir=tmp_path / "index", corpus_dir=folder))
    answer = assistant.ask("How many joint quantum projects will the Norland ministry fund?")
    assert not answer.refused
    cited = answer.citations[0]
    assert cited.page == 2 and "42" in cited.quote
    assert "p. 2" in cited.location()
