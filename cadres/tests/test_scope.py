"""Which departments see a cadre is kept as rows (cadres.scope) by every write that changes
it; after each such write the rows answer exactly what the rule says (here the rule is
computed from its three sources, as the scope was before)."""
import pytest
from django.core.management import CommandError, call_command
from django.db.models import Q

from accounts.choices import Role
from cadres import scope
from cadres.models import Cadre, DepartmentCadre
from placements.models import Nomination
from programs.choices import UnitKind
from programs.models import Batch


def by_rule(user):
    region = user.department_region
    batches = Batch.objects.filter(program__organizer__region__path__startswith=region.path)
    return set(Cadre.objects.filter(
        Q(employer__region__path__startswith=region.path) | Q(placements__batch__in=batches)
        | Q(nominations__batch__in=batches)).values_list("pk", flat=True))


@pytest.fixture
def departments(world, make):
    county_department = make.unit(world.county, "中共开化县委组织部", UnitKind.ORG_DEPARTMENT)
    world.county_staff = make.user(Role.ORG_STAFF, county_department, "county_staff")
    return world


def fresh(user):
    return type(user).objects.select_related("unit__region").get(pk=user.pk)


def assert_as_the_rule_says(world):
    for user in (world.staff, world.manager, world.other_staff, world.county_staff):
        user = fresh(user)
        assert set(Cadre.objects.visible_to(user).values_list("pk", flat=True)) == \
            by_rule(user), user.username
    assert scope.differences()[1] == []


def seen_by(user, cadre):
    return Cadre.objects.visible_to(fresh(user)).filter(pk=cadre.pk).exists()


def test_every_write_that_changes_who_sees_a_cadre_keeps_the_rows(departments, make):
    w = departments
    assert_as_the_rule_says(w)
    # registered at a county unit: the county's and the province's departments see them
    local = make.cadre(w.host, "吴县干")
    assert seen_by(w.county_staff, local) and seen_by(w.staff, local)
    assert not seen_by(w.other_staff, local)
    # another province's cadre nominated to this program: now this department's too
    guest = make.cadre(w.other_department, "楚客")
    nomination = Nomination.objects.create(cadre=guest, batch=w.batch,
                                           dispatching_unit=w.other_department)
    assert seen_by(w.staff, guest) and seen_by(w.other_staff, guest)
    assert_as_the_rule_says(w)
    nomination.delete()
    assert not seen_by(w.staff, guest)
    # placed in this program
    placement = make.placement(guest, w.batch, w.host)
    assert seen_by(w.staff, guest)
    assert_as_the_rule_says(w)
    placement.delete()
    assert not seen_by(w.staff, guest)
    # a new employer in another province
    local.employer = w.other_department
    local.save()
    assert not seen_by(w.county_staff, local) and seen_by(w.other_staff, local)
    assert_as_the_rule_says(w)
    # a unit moved to another region takes its cadres with it
    w.other_host.region = w.other_province
    w.other_host.save()
    moved = make.cadre(w.other_host, "随单位")
    w.other_host.region = w.county
    w.other_host.save()
    assert seen_by(w.county_staff, moved) and not seen_by(w.other_staff, moved)
    assert_as_the_rule_says(w)
    # a region moved in the tree: the county (with its units' cadres) to the other province
    w.county.parent = w.other_province
    w.county.save()
    assert seen_by(w.other_staff, moved) and not seen_by(w.staff, moved)
    assert_as_the_rule_says(w)
    # a program given another organizer takes its nominees and placements along
    make.placement(guest, w.other_batch, w.host)
    assert seen_by(w.other_staff, guest) and not seen_by(w.staff, guest)
    w.other_program.organizer = w.department
    w.other_program.save()
    assert seen_by(w.staff, guest)
    assert_as_the_rule_says(w)


def test_registering_many_at_once_keeps_the_rows(departments):
    from imports import services
    from imports.tests.conftest import fill_template, upload
    from imports.tests.test_cadre_import import person

    content = fill_template("cadres", departments.staff, [person(1), person(2)])
    job = services.start_import(departments.staff, "cadres", upload(content))
    services.apply_import(departments.staff, job)
    assert Cadre.objects.filter(name__in=["干部1", "干部2"]).count() == 2
    assert_as_the_rule_says(departments)


def test_the_rows_can_be_checked_and_made_again(departments, capsys):
    DepartmentCadre.objects.filter(cadre=departments.cadre).delete()
    assert not seen_by(departments.staff, departments.cadre)
    with pytest.raises(CommandError, match="1名干部的可见范围与规则不一致"):
        call_command("refresh_cadre_scope", "--check")
    call_command("refresh_cadre_scope")
    assert "1名已重建" in capsys.readouterr().out
    call_command("refresh_cadre_scope", "--check")
    assert seen_by(departments.staff, departments.cadre)


