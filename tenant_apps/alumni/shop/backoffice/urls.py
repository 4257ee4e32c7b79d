from django.urls import path

from tenant_apps.alumni.shop.backoffice import views

urlpatterns = [
    path("", views.GoodsListView.as_view(), name="goods_list"),
    path("goods/new/", views.GoodsFormView.as_view(), name="goods_add"),
    path("goods/<int:pk>/", views.GoodsFormView.as_view(), name="goods_edit"),
    path("orders/", views.OrderListView.as_view(), name="order_list"),
    path("orders/<int:pk>/", views.OrderDetailView.as_view(), name="order_detail"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
