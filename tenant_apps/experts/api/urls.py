from django.urls import path

from tenant_apps.experts.api import views

expert_list = views.ExpertViewSet.as_view({"get": "list", "post": "create"})
expert_detail = views.ExpertViewSet.as_view({"get": "retrieve"})
expert_review = views.ExpertViewSet.as_view({"post": "review"})
eligible_count = views.ExpertViewSet.as_view({"get": "eligible_count"})

urlpatterns = [
    path("experts/", expert_list, name="expert_list"),
    path("experts/eligible-count/", eligible_count, name="eligible_count"),
    path("experts/<int:pk>/", expert_detail, name="expert_detail"),
    path("experts/<int:pk>/review/", expert_review, name="expert_review"),
    path("domains/", views.DomainViewSet.as_view({"get": "list"}), name="domain_list"),
]
