"""The shop's data: policies, shipping, catalogue, size chart, orders and tracking events.

``load_shop(path)`` reads and validates a shop folder (docs/shop-data.md); the pure helpers below
turn that data into the facts a reply may state (GROUNDED): delivery estimates, in-stock
alternatives, size advice, bulk prices, customer value and tracking-number checks.
"""

from tactful.shop.catalog import closest_alternatives, find_products
from tactful.shop.eta import (DeliveryEstimate, dispatch_window, estimate_delivery, fastest_methods,
                              pauses_between)
from tactful.shop.loader import Problem
from tactful.shop.model import (EVENT_STATUSES, ORDER_STATUSES, BulkTier, Order, OrderLine, Pause,
                                Policies, Product, ShippingMethod, Shop, SizeRow, TrackingEvent,
                                TransitTime)
from tactful.shop.pricing import BulkQuote, bulk_price, nearest_lot, tier_for
from tactful.shop.sizing import SizeAdvice, chart_rows, recommend_size
from tactful.shop.source import FolderSource, ShopSource, load_shop
from tactful.shop.stats import CustomerStats, customer_stats
from tactful.shop.tracking import is_valid_tracking, normalize, tracking_format

__all__ = ["BulkQuote", "BulkTier", "CustomerStats", "DeliveryEstimate", "EVENT_STATUSES", "FolderSource",
           "ORDER_STATUSES", "Order", "OrderLine", "Pause", "Problem", "Policies", "Product", "ShippingMethod", "Shop",
           "ShopSource", "SizeAdvice", "SizeRow", "TrackingEvent", "TransitTime", "bulk_price", "chart_rows",
           "closest_alternatives", "customer_stats", "dispatch_window", "estimate_delivery", "fastest_methods",
           "find_products", "is_valid_tracking", "load_shop", "nearest_lot", "normalize", "pauses_between",
           "recommend_size", "tier_for", "tracking_format"]
