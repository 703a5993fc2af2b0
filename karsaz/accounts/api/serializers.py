from rest_framework import serializers

from karsaz.accounts.models import User
from karsaz.core.fields import ModelSerializer


class MembershipBriefSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise_id")
    enterprise_name = serializers.CharField(source="enterprise.name_fa")
    role = serializers.CharField()


class MeSerializer(ModelSerializer):
    province: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,  # national staff and members: none
    )
    memberships = MembershipBriefSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "agency_role",
            "province",
            "language",
            "currency_unit",
            "memberships",
        ]
        read_only_fields = ["id", "username", "email", "agency_role", "province"]
