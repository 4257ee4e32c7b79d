from rest_framework import serializers


class StatisticsTallySerializer(serializers.Serializer):
    name = serializers.CharField()
    total = serializers.IntegerField()
    placed = serializers.IntegerField()
    placement_rate = serializers.FloatField(help_text="毕业去向落实率（%），官方口径")
    signed = serializers.IntegerField()
    signing_rate = serializers.FloatField(help_text="签约率（%），本校口径：10+11 ÷ 总数")
    verified = serializers.IntegerField()
    filed = serializers.IntegerField()
    approved = serializers.IntegerField()


class StatisticsCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    count = serializers.IntegerField()


class StatisticsOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    overall = StatisticsTallySerializer()
    categories = StatisticsCategorySerializer(many=True)
    breakdown = serializers.DictField(child=StatisticsTallySerializer(many=True), help_text="level/college/major/class/gender/origin/hardship")
