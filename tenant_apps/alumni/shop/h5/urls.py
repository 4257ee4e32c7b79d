from django.urls import path

from tenant_apps.alumni.shop.h5 import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("goods/<int:pk>/", views.GoodsView.as_view(), name="goods"),
    path("orders/", views.MyOrdersView.as_view(), name="my_orders"),
    path("orders/<int:pk>/", views.OrderView.as_view(), name="order"),
    path("orders/<int:pk>/pay/", views.PayView.as_view(), name="pay"),
]
