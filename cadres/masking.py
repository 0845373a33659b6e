"""Masking of personal data: the one place that decides what a role reads of it."""


def mask_id_number(value: str) -> str:
    if not value:
        return value
    if len(value) <= 7:
        return "*" * len(value)
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_phone(value: str) -> str:
    if not value:
        return value
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 11 else "*" * len(value)


def personal_fields_for(user, cadre) -> dict:
    """The cadre's ID number and phone as this user may read them."""
    if user.sees_personal_data or (cadre.user_id and cadre.user_id == user.pk):
        return {"id_number": cadre.id_number, "phone": cadre.phone}
    return {"id_number": mask_id_number(cadre.id_number), "phone": mask_phone(cadre.phone)}
