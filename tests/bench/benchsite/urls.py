from django.contrib.auth import get_user_model
from django.urls import path
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated


class BenchUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "display_name", "kind", "date_joined"]


class BenchUserList(ListAPIView):
    """What a small tenant-scoped list API does: token auth, one page of rows, JSON."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]
    serializer_class = BenchUserSerializer
    pagination_class = None

    def get_queryset(self):
        return get_user_model().objects.order_by("id")[:20]


urlpatterns = [path("bench/users/", BenchUserList.as_view())]
