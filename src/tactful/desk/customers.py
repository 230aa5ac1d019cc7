"""TRACK / PROFILE-5 on the customers table: refresh a customer's levels from the shop's orders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tactful.desk.audit import audit
from tactful.desk.models import Customer
from tactful.desk.profile import CustomerProfile, build_profile
from tactful.errors import InputError


def refresh_profile(session: Session, email: str, *, shop, now: datetime, customer=...) -> CustomerProfile:
    """Recompute the stored PROFILE-5 figures of ``email`` from ``shop.orders_for(email)``
    (``customer``: the row when the caller has already loaded it, None when there is none)."""
    email = email.strip().lower()
    if customer is ...:
        customer = session.scalars(select(Customer).where(Customer.email == email)).first()
    orders = shop.orders_for(email)
    if customer is None and not orders:
        raise InputError(f"no customer {email!r} in the desk or the shop's orders", field="email")
    if customer is None:
        customer = Customer(email=email, name="", extended={}, derived={}, first_seen=now, last_seen=now)
        session.add(customer)
        session.flush()
    profile = build_profile(email, orders, now=now, name=customer.name, extended=customer.extended or {},
                            birthday=customer.birthday)
    before = (customer.purchase_count, customer.total_spend, customer.purchase_cycle_days, customer.currency)
    customer.name = profile.name
    customer.purchase_count = profile.purchase_count
    customer.total_spend = profile.total_spend
    customer.average_order = profile.average_order
    customer.purchase_cycle_days = profile.purchase_cycle_days
    customer.currency = profile.currency
    customer.derived = profile.derived
    after = (customer.purchase_count, customer.total_spend, customer.purchase_cycle_days, customer.currency)
    if before != after:
        audit(session, at=now, entity="customer", entity_id=customer.id, action="profile_refreshed",
              levels=list(profile.levels), purchases=profile.purchase_count)
    return profile
