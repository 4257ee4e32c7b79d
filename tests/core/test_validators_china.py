import pytest

from core.validators.china import (
    credit_code_check_character,
    id_number_check_character,
    id_number_gender,
    id_number_region,
    normalise_credit_code,
    normalise_id_number,
)


def _id(first17: str) -> str:
    return first17 + id_number_check_character(first17)


def test_id_number_check_character_and_normalising():
    assert normalise_id_number("11010519491231002x") == "11010519491231002X"
    assert normalise_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"  # full width
    with pytest.raises(ValueError, match="校验位"):
        normalise_id_number("110105194912310021")
    with pytest.raises(ValueError, match="出生日期"):
        normalise_id_number(_id("11010519490231002"))


def test_id_number_lost_leading_zeros_restored_only_on_request():
    # A number that a spreadsheet read as an integer (leading zero lost), with a digit as check.
    number = next(n for n in (_id(f"0101051980010100{i}") for i in range(10)) if n[-1] != "X")
    as_integer = str(int(number))
    assert len(as_integer) == 17
    assert normalise_id_number(as_integer, pad_lost_zeros=True) == number
    with pytest.raises(ValueError):
        normalise_id_number(as_integer)


def test_residence_permits_of_hong_kong_macao_taiwan():
    for prefix, region in (("810000", "香港"), ("820000", "澳门"), ("830000", "台湾")):
        number = normalise_id_number(_id(prefix + "19990101002"))
        assert id_number_region(number) == region
    assert id_number_gender(_id("11010519491231001")) == "1"
    assert id_number_gender(_id("11010519491231002")) == "2"


def test_credit_code_check_character_and_letter_authorities():
    assert normalise_credit_code("91110000600037341L") == "91110000600037341L"
    assert credit_code_check_character("91110000600037341") == "L"
    letter_first = "N2" + "110000" + "MA0000001"
    assert normalise_credit_code(letter_first + credit_code_check_character(letter_first)).startswith("N")
    with pytest.raises(ValueError, match="校验位"):
        normalise_credit_code("91110000600037341K")
    with pytest.raises(ValueError, match="不允许"):
        normalise_credit_code("91110000600037341O")
    with pytest.raises(ValueError, match="旧工商注册号"):
        normalise_credit_code("110000001234567")
