"""The shop's data: policies, shipping, catalogue, size chart, orders and tracking events."""

from tactful.shop.model import (BulkTier, Order, OrderLine, Pause, Policies, Product, ShippingMethod,
                                Shop, SizeRow, TrackingEvent, TransitTime)

__all__ = ["BulkTier", "Order", "OrderLine", "Pause", "Policies", "Product", "ShippingMethod", "Shop",
           "SizeRow", "TrackingEvent", "TransitTime"]
