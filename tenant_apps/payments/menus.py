"""Payments pages are reached from the paid features' menus (e.g. 校友活动 › 支付订单)."""
