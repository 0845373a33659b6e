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


# The record's personal entries (民族, the dates of a life, 后备干部): read whole by those
# who read the ID number whole, withheld (null) from everyone else, as the birth date is.
RECORD_FIELDS = ("ethnicity", "work_start_date", "party_join_date", "is_reserve",
                 "reserve_level")
# Everything a masked reader never reads back (nor, editing a cadre, writes again).
PERSONAL_FIELDS = ("id_number", "phone", "birth_date", *RECORD_FIELDS)


def reads_unmasked(user, cadre) -> bool:
    return user.sees_personal_data or bool(cadre.user_id and cadre.user_id == user.pk)


def personal_fields_for(user, cadre) -> dict:
    """The cadre's ID number, phone, birth date and record's personal entries as this user
    may read them (a masked reader gets the birth date as None — the year is in
    `birth_year` — and the entries as None)."""
    if reads_unmasked(user, cadre):
        return {name: getattr(cadre, name) for name in PERSONAL_FIELDS}
    return {"id_number": mask_id_number(cadre.id_number), "phone": mask_phone(cadre.phone),
            "birth_date": None, **dict.fromkeys(RECORD_FIELDS)}


def mask_value(name, value):
    """A personal field's value as a masked reader reads it in text (a recorded change, a
    file's cell): the ID number and phone masked, dates to their year, the record's entries
    withheld. Any other field as it is."""
    if value in (None, "") or name not in PERSONAL_FIELDS:
        return value
    if name == "id_number":
        return mask_id_number(str(value))
    if name == "phone":
        return mask_phone(str(value))
    if name == "birth_date":
        return str(value)[:4]
    return "***"


def history_mask(user, cadre):
    """For a cadre's recorded changes: what `personal_fields_for` hides, hidden in the values
    before and after too (None when the reader sees the data whole)."""
    if reads_unmasked(user, cadre):
        return None
    return mask_value


def log_unmasked_view(request, cadre):
    """A view of another person's unmasked ID number and phone goes into the security log."""
    user = request.user
    if reads_unmasked(user, cadre) and cadre.user_id != user.pk:
        from accounts.security import record

        record("unmasked_view", getattr(request, "_request", request), cadre=cadre.pk)
