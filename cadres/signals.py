"""Receivers that keep cadres.scope's rows with the writes that change who sees a cadre:
nominations and placements made or removed (by the workflow app, named lazily so this app
imports nothing above it), units moved to another region, regions moved in the tree,
programs given another organizer and batches another program. Each runs in the writer's
transaction and touches only the concerned cadres' rows."""
from . import scope


def cadre_record_saved(sender, instance, created=False, update_fields=None, **kwargs):
    """A nomination or placement: its cadre and batch decide who sees the cadre."""
    if created or update_fields is None or {"cadre", "batch"} & set(update_fields):
        scope.refresh([instance.cadre_id])


def cadre_record_deleted(sender, instance, **kwargs):
    scope.refresh([instance.cadre_id])


def _remember(field):
    """pre_save: the stored value of `field` (None for a new row), to compare after the save."""
    def receiver(sender, instance, raw=False, **kwargs):
        if instance.pk is not None and not raw:
            instance._scope_before = (sender.objects.filter(pk=instance.pk)
                                      .values_list(field, flat=True).first())
        else:
            instance._scope_before = None
    return receiver


remember_unit_region = _remember("region_id")
remember_region_path = _remember("path")
remember_program_organizer = _remember("organizer_id")
remember_batch_program = _remember("program_id")


def unit_saved(sender, instance, created=False, **kwargs):
    if created or instance._scope_before == instance.region_id:
        return
    ids = set(instance.cadres.values_list("pk", flat=True))
    ids |= set(instance.registered_cadres.values_list("pk", flat=True))
    ids |= scope.cadres_in_batches(program__organizer=instance.pk)
    scope.refresh(ids)


def region_saved(sender, instance, created=False, **kwargs):
    # Region.save saves twice when it creates (the path needs the id): a new region has
    # no units yet; a moved one rewrote its subtree's paths before its own save.
    before = instance._scope_before
    if created or not before or before == instance.path:
        return
    scope.refresh(scope.cadres_concerned_by_region(instance.path))


def program_saved(sender, instance, created=False, **kwargs):
    if not created and instance._scope_before != instance.organizer_id:
        scope.refresh(scope.cadres_in_batches(program=instance.pk))


def batch_saved(sender, instance, created=False, **kwargs):
    if not created and instance._scope_before != instance.program_id:
        scope.refresh(scope.cadres_in_batches(pk=instance.pk))


def connect():
    from django.db.models.signals import post_delete, post_save, pre_save

    for model in ("placements.Placement", "placements.Nomination"):
        post_save.connect(cadre_record_saved, sender=model, dispatch_uid=f"scope-s-{model}")
        post_delete.connect(cadre_record_deleted, sender=model, dispatch_uid=f"scope-d-{model}")
    for model, remember, saved in (
            ("programs.Unit", remember_unit_region, unit_saved),
            ("programs.Region", remember_region_path, region_saved),
            ("programs.Program", remember_program_organizer, program_saved),
            ("programs.Batch", remember_batch_program, batch_saved)):
        pre_save.connect(remember, sender=model, dispatch_uid=f"scope-pre-{model}")
        post_save.connect(saved, sender=model, dispatch_uid=f"scope-post-{model}")
