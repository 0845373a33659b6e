import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programs.choices import Level
from programs.models import AllowancePolicy, Batch, Program, ProgramTarget, Region


def test_a_program_cannot_end_before_it_starts(world, make):
    program = Program(name="x", organizer=world.department, start_date=datetime.date(2026, 1, 1),
                      end_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as err:
        program.full_clean()
    assert "结束日期不能早于开始日期" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        program.save()


def test_batch_numbers_are_unique_within_a_program(world, make):
    twin = Batch(program=world.program, number=world.batch.number)
    with pytest.raises(ValidationError) as err:
        twin.full_clean()
    assert "该项目已有相同序号的批次" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_training_cannot_end_before_it_starts(world):
    batch = Batch(program=world.program, number=9, training_start=datetime.date(2026, 2, 1),
                  training_end=datetime.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        batch.save()


def test_one_allowance_policy_per_program_or_track(world):
    AllowancePolicy.objects.create(program=world.program, daily_allowance=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllowancePolicy.objects.create(program=world.program, daily_allowance=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllowancePolicy.objects.create(program=world.program, daily_allowance=-1,
                                       track=world.program.tracks.create(name="外派"))


def test_a_yearly_target_is_unique_per_year(world):
    ProgramTarget.objects.create(program=world.program, name="引进医疗卫生人才", year=2023,
                                 target=100)
    ProgramTarget.objects.create(program=world.program, name="引进医疗卫生人才", year=2024,
                                 target=100)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramTarget.objects.create(program=world.program, name="引进医疗卫生人才", year=2024,
                                     target=90)


def test_region_paths_follow_the_tree_and_moves(world, make):
    assert world.county.path == f"/{world.province.pk}/{world.city.pk}/{world.county.pk}/"
    assert set(Region.objects.within(world.city)) == {world.city} | set(
        Region.objects.filter(parent=world.city))
    assert world.county in Region.objects.within(world.city)
    other_city = make.region("武汉市", Level.CITY, world.other_province, code="420100")
    world.city.parent = world.other_province
    world.city.save()
    world.county.refresh_from_db()
    assert world.county.path.startswith(world.other_province.path)
    assert world.county in Region.objects.within(world.other_province)
    assert other_city.path.startswith(world.other_province.path)


def test_a_region_cannot_be_its_own_ancestor(world):
    world.province.parent = world.county
    with pytest.raises(ValidationError):
        world.province.full_clean()
