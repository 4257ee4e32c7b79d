from django.urls import path

from tenant_apps.alumni.shop.api import views

urlpatterns = [
    path("goods/", views.GoodsListAPI.as_view(), name="goods-list"),
    path("goods/<int:pk>/", views.GoodsDetailAPI.as_view(), name="goods-detail"),
    path("categories/", views.CategoryListAPI.as_view(), name="category-list"),
    path("categories/<int:pk>/", views.CategoryDetailAPI.as_view(), name="category-detail"),
    path("settings/", views.SettingsAPI.as_view(), name="settings"),
    path("points/grant/", views.PointsGrantAPI.as_view(), name="points-grant"),
    path("orders/", views.OrderListAPI.as_view(), name="order-list"),
    path("orders/<int:pk>/", views.OrderDetailAPI.as_view(), name="order-detail"),
    path("orders/<int:pk>/ship/", views.OrderShipAPI.as_view(), name="order-ship"),
    path("orders/<int:pk>/complete/", views.OrderCompleteAPI.as_view(), name="order-complete"),
    path("orders/<int:pk>/cancel/", views.OrderCancelAPI.as_view(), name="order-cancel"),
    path("orders/<int:pk>/refund/", views.OrderRefundAPI.as_view(), name="order-refund"),
    path("store/", views.StoreHomeAPI.as_view(), name="store-home"),
    path("store/goods/", views.StoreGoodsListAPI.as_view(), name="store-goods-list"),
    path("store/goods/<int:pk>/", views.StoreGoodsDetailAPI.as_view(), name="store-goods-detail"),
    path("store/orders/", views.MyOrderListAPI.as_view(), name="my-order-list"),
    path("store/orders/<int:pk>/", views.MyOrderDetailAPI.as_view(), name="my-order-detail"),
    path("store/orders/<int:pk>/pay/", views.MyOrderPayAPI.as_view(), name="my-order-pay"),
    path("store/orders/<int:pk>/sync/", views.MyOrderSyncAPI.as_view(), name="my-order-sync"),
    path("store/orders/<int:pk>/cancel/", views.MyOrderCancelAPI.as_view(), name="my-order-cancel"),
    path("store/orders/<int:pk>/received/", views.MyOrderReceivedAPI.as_view(), name="my-order-received"),
    path("store/points/", views.MyPointsAPI.as_view(), name="my-points"),
]
