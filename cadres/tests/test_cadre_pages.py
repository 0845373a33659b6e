"""A dispatching unit keeps its cadres on pages, relatives included (for avoidance); the ID
number is checked against the birth date and gender, and never read back masked users."""
import datetime

from django.test import Client

from cadres.id_numbers import make_id_number
from cadres.models import Cadre


def http(user):
    c = Client()
    c.force_login(user)
    return c


def _data(world, **over):
    return {"name": "欧阳新", "gender": "female", "birth_date": "1988-03-05",
            "id_number": make_id_number("330100", datetime.date(1988, 3, 5), 2),
            "phone": "13900001111", "employer": world.sender.pk, "position": "副处长",
            "political_status": "cpc_member", "education": "master", "rank": "division_deputy",
            "professional_title": "deputy_senior",
            "relations-TOTAL_FORMS": "2", "relations-INITIAL_FORMS": "0",
            "relations-0-name": "欧阳明", "relations-0-relation": "父亲",
            "relations-0-unit": world.host.pk, **over}


def test_a_dispatching_unit_registers_a_cadre_with_a_relative(world):
    c = http(world.dispatching)
    response = c.post("/cadres/add/", _data(world))
    cadre = Cadre.objects.get(name="欧阳新")
    assert response.status_code == 302 and response["Location"] == f"/cadres/{cadre.pk}/"
    assert cadre.employer == world.sender
    assert [(r.name, r.unit) for r in cadre.relations.all()] == [("欧阳明", world.host)]


def test_an_id_number_that_disagrees_with_the_birth_date_saves_nothing(world):
    c = http(world.dispatching)
    response = c.post("/cadres/add/", _data(world, birth_date="1990-01-01"))
    assert response.status_code == 400
    assert "出生日期与身份证号码不一致" in response.content.decode()
    assert response.context["form"]["name"].value() == "欧阳新"
    assert not Cadre.objects.filter(name="欧阳新").exists()
    half = c.post("/cadres/add/", _data(world, **{"relations-0-unit": ""}))
    assert half.status_code == 400 and not Cadre.objects.filter(name="欧阳新").exists()


def test_another_units_cadre_cannot_be_kept_and_masked_fields_are_not_read_back(world, make):
    c = http(world.dispatching)
    assert c.post("/cadres/add/", _data(world, employer=world.other_sender.pk)
                  ).status_code == 400  # not a choice for this unit
    other = make.cadre(world.other_sender, "李四")
    assert c.get(f"/cadres/{other.pk}/edit/").status_code == 404
    page = c.get(f"/cadres/{world.cadre.pk}/edit/").content.decode()
    assert world.cadre.id_number not in page and 'name="id_number"' not in page
    assert 'name="birth_date"' not in page
    data = _data(world, name="张树旗")
    data.pop("id_number")
    data.pop("phone")
    data.update(birth_date=world.cadre.birth_date.isoformat(), gender=world.cadre.gender)
    assert c.post(f"/cadres/{world.cadre.pk}/edit/", data).status_code == 302
    world.cadre.refresh_from_db()
    assert world.cadre.position == "副处长" and world.cadre.relations.count() == 1
    assert http(world.receiving).get("/cadres/add/").status_code == 403


def test_the_dispatching_units_own_unit_is_the_employer_already_chosen(world):
    form = http(world.dispatching).get("/cadres/add/").context["form"]
    assert form["employer"].value() == world.sender.pk
    assert list(form.fields["employer"].choices) == [(world.sender.pk, world.sender.name)]


def test_the_uniqueness_check_does_not_confirm_another_departments_cadre(world, make):
    from rest_framework.test import APIClient

    from accounts.models import SecurityEvent

    hubei_unit = make.unit(world.other_province, "湖北省农业农村厅")
    elsewhere = make.cadre(hubei_unit, "王湖北")
    api = APIClient()
    api.force_authenticate(world.dispatching)
    data = {"name": "欧阳新", "gender": "male", "birth_date": "1985-05-01",
            "id_number": elsewhere.id_number, "phone": "13900001111",
            "employer": world.sender.pk, "position": "副处长"}
    response = api.post("/api/v1/cadres/", data, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "id_number_unavailable" and "已登记" not in str(error)
    assert SecurityEvent.objects.filter(kind="permission_denied", user=world.dispatching,
                                        detail__reason="id_number_out_of_scope").exists()
    # A number of its own unit's cadre is named as registered.
    mine = api.post("/api/v1/cadres/", {**data, "id_number": world.cadre.id_number},
                    format="json")
    assert mine.status_code == 400 and mine.json()["error"]["code"] == "id_number_taken"
    assert Cadre.objects.filter(name="欧阳新").count() == 0
