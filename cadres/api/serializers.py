from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.base import ChoiceDisplayMixin

from ..id_numbers import birth_date_of, gender_of, validate_id_number
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


class CadreSerializer(ChoiceDisplayMixin):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    birth_year = serializers.IntegerField(source="birth_date.year", read_only=True)

    class Meta:
        model = Cadre
        fields = ["id", "name", "gender", "birth_date", "id_number", "phone", "political_status",
                  "education", "rank", "professional_title", "employer", "position",
                  "expertise", "native_place", "status", "former_units", "employer_name",
                  "birth_year"]
        read_only_fields = ["status"]
        # Uniqueness of the ID number is the service's to answer (cadres.services.save_cadre):
        # it must not confirm that another department's cadre exists.
        extra_kwargs = {"former_units": {"required": False},
                        "id_number": {"validators": [validate_id_number]}}

    # The model's fields (validators, labels) with the schema of what masked readers get.
    masked_field_classes = {"phone": PhoneField, "birth_date": BirthDateField}

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        return self.masked_field_classes.get(field_name, field_class), kwargs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None:
            personal = personal_fields_for(request.user, instance)
            born = personal.pop("birth_date")
            data.update(personal, birth_date=born.isoformat() if born else None)
        return data

    def validate_id_number(self, value):
        return value.strip().upper()

    def validate(self, attrs):
        number = attrs.get("id_number") or (self.instance and self.instance.id_number)
        birth = attrs.get("birth_date") or (self.instance and self.instance.birth_date)
        gender = attrs.get("gender") or (self.instance and self.instance.gender)
        errors = {}
        if number and birth and birth_date_of(number) not in (None, birth):
            errors["birth_date"] = ["出生日期与身份证号码不一致"]
        if number and gender and len(number) == 18 and gender_of(number) != gender:
            errors["gender"] = ["性别与身份证号码不一致"]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
