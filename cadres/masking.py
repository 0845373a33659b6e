"""Masking of personal data: the one place that decides what a role reads of it.

Those who read it masked get neither enough of the ID number nor the full birth date to
rebuild it: the number keeps its province (2 digits) and its check character, and the birth
date only its year. (First 3 and last 4 digits beside the full birth date left about two
candidates per person, often one.)"""


def mask_id_number(value: str) -> str:
    if not value:
        return value
    if len(value) <= 4:
        return "*" * len(value)
    return f"{value[:2]}{'*' * (len(value) - 3)}{value[-1]}"


def mask_phone(value: str) -> str:
    if not value:
        return value
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 11 else "*" * len(value)


def mask_birth_date(value) -> str:
    """The year only, in a date's shape (an export's cell: `1985-**-**`)."""
    return f"{value.year:04d}-**-**" if value else ""


def reads_unmasked(user, cadre) -> bool:
    return user.sees_personal_data or bool(cadre.user_id and cadre.user_id == user.pk)


def personal_fields_for(user, cadre) -> dict:
    """The cadre's ID number, phone and birth date as this user may read them (a masked
    reader gets the birth date as None: the year is in `birth_year`)."""
    if reads_unmasked(user, cadre):
        return {"id_number": cadre.id_number, "phone": cadre.phone,
                "birth_date": cadre.birth_date}
    return {"id_number": mask_id_number(cadre.id_number), "phone": mask_phone(cadre.phone),
            "birth_date": None}


def history_mask(user, cadre):
    """For a cadre's recorded changes: what `personal_fields_for` hides, hidden in the values
    before and after too (None when the reader sees the data whole)."""
    if reads_unmasked(user, cadre):
        return None
    masks = {"id_number": mask_id_number, "phone": mask_phone,
             "birth_date": lambda value: value[:4]}

    def mask(name, value):
        return masks[name](value) if value and name in masks else value
    return mask


def log_unmasked_view(request, cadre):
    """A view of another person's unmasked ID number and phone goes into the security log."""
    user = request.user
    if reads_unmasked(user, cadre) and cadre.user_id != user.pk:
        from accounts.security import record

        record("unmasked_view", getattr(request, "_request", request), cadre=cadre.pk)
