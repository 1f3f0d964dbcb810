import pytest
from django.core.exceptions import ValidationError

from collaboration.shared.tables import read_table


def test_a_swedish_excel_csv_in_windows_1252_with_semicolons_is_read():
    content = "namn;organisation\r\nÅsa Öberg;Föreningen Ängen\r\n".encode("cp1252")
    assert read_table(content, "lista.csv") == [["namn", "organisation"], ["Åsa Öberg", "Föreningen Ängen"]]


def test_a_utf8_csv_with_bom_and_commas_is_read():
    assert read_table("\ufeffnamn,e-post\nEva,eva@example.org\n".encode(), "x.csv")[1] == [
        "Eva",
        "eva@example.org",
    ]


@pytest.mark.parametrize("content", [b"\x81\x8d\x8f\x90\x9d", b"namn;x\x00y\n"])
def test_a_file_that_is_no_text_is_refused_with_a_message(content):
    with pytest.raises(ValidationError):
        read_table(content, "lista.csv")


def test_a_damaged_xlsx_is_refused_with_a_message():
    with pytest.raises(ValidationError):
        read_table(b"not a zip", "lista.xlsx")
