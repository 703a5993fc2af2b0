"""The public API's shapes: a dataset's metadata, and its rows (read-only, no model behind)."""

from rest_framework import serializers


class BilingualSerializer(serializers.Serializer):
    fa = serializers.CharField()
    en = serializers.CharField()


class BilingualListSerializer(serializers.Serializer):
    fa = serializers.ListField(child=serializers.CharField())
    en = serializers.ListField(child=serializers.CharField())


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class PublisherSerializer(serializers.Serializer):
    fa = serializers.CharField()
    en = serializers.CharField()
    url = serializers.URLField()


class TemporalSerializer(serializers.Serializer):
    start = serializers.CharField(help_text="First Jalali month of the data, yyyy-mm.")
    end = serializers.CharField(help_text="Last Jalali month of the data, yyyy-mm.")


class DistributionsSerializer(serializers.Serializer):
    csv = serializers.URLField()
    json = serializers.URLField()


class DatasetSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable: `<fact>.<breakdown>`.")
    fact = serializers.CharField()
    unit = serializers.ChoiceField(choices=["count", "rials", "days", "people", "hours", "percent"])
    nature = serializers.ChoiceField(choices=["flow", "stock"])
    mean = serializers.BooleanField(help_text="Figures are means (total / records).")
    dimensions = serializers.ListField(child=serializers.CharField())
    title = BilingualSerializer()
    description = BilingualSerializer()
    keywords = BilingualListSerializer()
    publisher = PublisherSerializer()
    licence = LicenceSerializer()
    frequency = serializers.CharField(help_text="EU frequency vocabulary: DAILY.")
    modified = serializers.DateTimeField(allow_null=True, help_text="The last refresh.")
    temporal = TemporalSerializer(allow_null=True)
    spatial = serializers.CharField()
    distributions = DistributionsSerializer()


class DatasetRowsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Rows in the whole (filtered) dataset.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    dataset = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    results = serializers.ListField(
        child=serializers.DictField(),
        help_text=(
            "One object per row, keyed by `columns`: `year` (Jalali), a code and a `_label` per "
            "dimension (`IR` / `all` for the total), `value` (null when withheld) and `withheld`."
        ),
    )
