"""An exported list opens in a spreadsheet as text: a name typed as a formula is not run."""

import io

from openpyxl import load_workbook

from tests.members.factories import make_member


def test_a_name_typed_as_a_formula_is_exported_as_text(client_ar, party):
    make_member("F-1", first_latin='=HYPERLINK("http://evil.example","x")', last_latin="Tazi", phone="+212661223344")

    csv_text = b"".join(client_ar.get("/members/export.csv").streaming_content).decode("utf-8-sig")
    book = load_workbook(io.BytesIO(client_ar.get("/members/export.xlsx").content))
    cells = [c.value for row in book.active.iter_rows() for c in row]

    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert "+212661223344" in csv_text  # a phone keeps its plus: it is read back by the import
