from rest_framework import serializers


class StatisticsStudentRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    imported = serializers.IntegerField(help_text="入库人数")
    bound = serializers.IntegerField(help_text="已绑定账号")
    logged_in = serializers.IntegerField(help_text="登录过")
    recent_login = serializers.IntegerField(help_text="近 30 天登录")
    verified = serializers.IntegerField(help_text="个人信息已核实")
    filed = serializers.IntegerField(help_text="毕业去向已填报")
    with_resume = serializers.IntegerField(allow_null=True)
    resumes = serializers.IntegerField(allow_null=True, help_text="简历数（简历模块未启用时为空）")
    applications = serializers.IntegerField(allow_null=True, help_text="投递数")
    interviews = serializers.IntegerField(allow_null=True, help_text="面试邀约数")


class StatisticsStudentOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    has_applications = serializers.BooleanField()
    overall = StatisticsStudentRowSerializer()
    colleges = StatisticsStudentRowSerializer(many=True)
    majors = StatisticsStudentRowSerializer(many=True)
