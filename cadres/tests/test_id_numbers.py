import datetime

import pytest
from django.core.exceptions import ValidationError

from cadres.id_numbers import check_digit, make_id_number, validate_id_number

# A published sample number (GB 11643 examples) with its check digit X.
GOOD = "11010519491231002X"


def test_a_number_with_the_right_check_digit_is_accepted():
    validate_id_number(GOOD)
    validate_id_number(make_id_number("330824", datetime.date(1985, 6, 30), 123))


def test_the_check_digit_is_computed_by_iso_7064():
    assert check_digit(GOOD[:17]) == "X"
    assert check_digit("44052418800101001") == "4"


@pytest.mark.parametrize("wrong", ["110105194912310021", "110105194912310020"])
def test_a_wrong_check_digit_is_refused(wrong):
    with pytest.raises(ValidationError) as err:
        validate_id_number(wrong)
    assert err.value.code == "id_check_digit"
    assert "校验位" in err.value.messages[0]


@pytest.mark.parametrize("length", [15, 17, 19])
def test_a_number_of_the_wrong_length_is_refused(length):
    with pytest.raises(ValidationError) as err:
        validate_id_number(GOOD[:length] if length < 18 else GOOD + "1")
    assert err.value.code == "id_length"


def test_letters_and_impossible_birth_dates_are_refused():
    with pytest.raises(ValidationError) as err:
        validate_id_number("11010519491231A02X")
    assert err.value.code == "id_format"
    bad_date = "110105194913310020"
    bad_date = bad_date[:17] + check_digit(bad_date[:17])
    with pytest.raises(ValidationError) as err:
        validate_id_number(bad_date)
    assert err.value.code == "id_birth_date"


def test_a_cadre_whose_birth_date_or_gender_contradicts_the_number_is_refused(world, make):
    cadre = make.cadre(world.sender, gender="female", birth=datetime.date(1990, 3, 3))
    cadre.birth_date = datetime.date(1990, 3, 4)
    cadre.gender = "male"
    with pytest.raises(ValidationError) as err:
        cadre.full_clean()
    assert "出生日期与身份证号码不一致" in err.value.message_dict["birth_date"]
    assert "性别与身份证号码不一致" in err.value.message_dict["gender"]


def test_the_same_id_number_cannot_be_registered_twice(world, make):
    from cadres.models import Cadre

    twin = Cadre(name="重复", gender=world.cadre.gender, birth_date=world.cadre.birth_date,
                 id_number=world.cadre.id_number, employer=world.sender)
    with pytest.raises(ValidationError) as err:
        twin.full_clean()
    assert err.value.message_dict["id_number"] == ["该身份证号码已登记"]
