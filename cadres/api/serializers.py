from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin

from ..id_numbers import validate_id_number
from ..masking import personal_fields_for
from ..models import Cadre, Expertise


class ExpertiseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expertise
        fields = ["id", "name"]


@extend_schema_field({"type": "string", "maxLength": 11,
                      "pattern": r"^(1\d{10}|1\d{2}\*{4}\d{4})$",
                      "description": "手机号码；无权查看个人信息者得到遮蔽值，如 185****7769"})
class PhoneField(serializers.CharField):
    """A mobile number, documented with the masked shape some readers get."""


@extend_schema_field({"type": "string", "format": "date", "nullable": True,
                      "description": "出生日期；无权查看个人信息者得到 null（年份见 birth_year）"})
class BirthDateField(serializers.DateField):
    """A birth date, documented as null for the readers of masked data."""


@extend_schema_field({"type": "string", "nullable": True,
                      "description": "无权查看个人信息者得到 null"})
class MaskedChoiceField(serializers.ChoiceField):
    """A personal entry of the record (民族, 后备层级), null for the readers of masked data."""

    withheld = True


@extend_schema_field({"type": "boolean", "nullable": True,
                      "description": "无权查看个人信息者得到 null"})
class MaskedBooleanField(serializers.BooleanField):
    """后备干部, null for the readers of masked data."""


class CadreSerializer(ChoiceDisplayMixin):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    birth_year = serializers.IntegerField(source="birth_date.year", read_only=True)

    class Meta:
        model = Cadre
        fields = ["id", "name", "gender", "birth_date", "id_number", "phone", "political_status",
                  "education", "rank", "professional_title", "employer", "position",
                  "expertise", "native_place", "status", "former_units", "employer_name",
                  "birth_year", "ethnicity", "work_start_date", "party_join_date",
                  "fulltime_education", "fulltime_degree", "fulltime_school",
                  "inservice_education", "inservice_degree", "inservice_school",
                  "current_post_date", "current_rank_date", "is_reserve", "reserve_level"]
        read_only_fields = ["status"]
        # Uniqueness of the ID number is the service's to answer (cadres.services.save_cadre):
        # it must not confirm that another department's cadre exists. Gender and birth date
        # left out are read from the ID number (Cadre.fill_from_id_number).
        extra_kwargs = {"former_units": {"required": False},
                        "id_number": {"validators": [validate_id_number]},
                        "gender": {"required": False}, "birth_date": {"required": False}}

    # The model's fields (validators, labels) with the schema of what masked readers get.
    masked_field_classes = {"phone": PhoneField, "birth_date": BirthDateField,
                            "ethnicity": MaskedChoiceField, "reserve_level": MaskedChoiceField,
                            "is_reserve": MaskedBooleanField}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        return self.masked_field_classes.get(field_name, field_class), kwargs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            for name, value in personal_fields_for(request.user, instance).items():
                data[name] = value.isoformat() if hasattr(value, "isoformat") else value
                if f"{name}_display" in data and value is None:
                    data[f"{name}_display"] = None  # a label would tell the masked value
        return data

    def validate_id_number(self, value):
        return value.strip().upper()
