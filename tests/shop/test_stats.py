"""customer_stats: PROFILE-5 numbers from the order history; only kept purchases count."""

from __future__ import annotations

from decimal import Decimal

from tactful.shop import customer_stats


def test_returning_customer(sample_shop):
    stats = customer_stats(sample_shop.orders_for("emily.carter@example.com"))
    assert stats.purchase_count == 2 and stats.returning
    assert stats.total_spend == Decimal("123.90")          # 45.00 + 59.00 + 19.90 UPS
    assert stats.average_order == Decimal("61.95")
    assert stats.purchase_cycle_days == 44.0
    assert stats.currency == "EUR"


def test_unpaid_cancelled_and_refunded_orders_are_not_purchases(sample_shop):
    assert customer_stats(sample_shop.orders_for("julia.wagner@example.com")).purchase_count == 0
    assert customer_stats(sample_shop.orders_for("julia.wagner@example.com")).open_orders == 2
    refunded = customer_stats(sample_shop.orders_for("liuyang.work@example.com"))
    assert refunded.purchase_count == 0 and refunded.order_count == 1
    assert refunded.purchase_cycle_days is None


def test_no_orders():
    stats = customer_stats([])
    assert stats.purchase_count == 0 and stats.total_spend == 0 and not stats.returning
