"""One answer builder per intent: the reply cases of PLAYBOOK §6, grounded in the shop's data.

Each builder takes the ``Writer`` and the item and returns a ``Part``. Builders state only what the
shop data or the email supports (GROUNDED, H1); when a fact is missing they ask for it (ASK).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Callable

from tactful.compose import grounding
from tactful.compose.writer import Part, Writer
from tactful.shop.eta import DeliveryEstimate, dispatch_window, estimate_delivery
from tactful.shop.model import Order
from tactful.shop.pricing import bulk_price, nearest_lot
from tactful.shop.sizing import BETWEEN, FITS, TOLERANCE, chart_rows, recommend_size
from tactful.understand.types import Item

WAIT_DAYS = 7        # §6 "not received in time": propose waiting a set time before the next option
OPEN_STATUSES = ("unpaid", "paid")


# --- shared pieces ---------------------------------------------------------------------------

def _no_order(w: Writer, part: Part, intent: str = "") -> None:
    """The order is unknown: say so plainly, once per reply (H1), say what happens as soon as we
    have its number, and ask for it (ASK).

    "Unknown" is either a number the shop does not have, or no number and no order under the
    address the customer writes from. ``intent`` picks the sentence that still answers the point
    without the order (``needed.<intent>``: dispatch time, whether a change or cancellation is
    possible, the refund check), so no point is left with a general reply."""
    if not w.said_not_found:
        if w.unknown_orders:
            part.answer.append(w.say("order.not_found", order=w.listing(w.unknown_orders)))
        elif w.shop.orders and w.analysis.sender and not w.shop.orders_for(w.analysis.sender):
            part.answer.append(w.say("order.none_for_sender"))
        w.said_not_found = True
    w.order_not_found = True
    if intent == "shipping.time":
        part.answer.append(w.say("needed.shipping.time", handling=_handling_range(w)))
    elif intent == "order.cancel":
        part.answer.append(w.say("needed.order.cancel", days=w.shop.policies.return_window_days))
    elif intent == "order.change":
        allowed = [w.book.label(f"what.{a}") for a in w.shop.policies.changeable_before_shipping
                   if w.book.has(f"what.{a}")]
        if allowed:
            part.answer.append(w.say("needed.order.change", allowed=w.listing(allowed)))
        else:       # nothing can be changed after ordering: cancel before shipping and reorder
            part.answer.append(w.say("needed.order.cancel", days=w.shop.policies.return_window_days))
    elif intent == "refund.status":
        part.answer.append(w.say("needed.refund.status"))
    part.ask.append("order_number")


def _handling_range(w: Writer) -> str:
    """Days from payment to dispatch over the methods to the customer's country (all methods
    when the country is unknown): what holds for any order, before we know which one it is."""
    country = _country(w)
    methods = [m for m, _, _ in grounding.methods_to(w.shop, country)] if country else []
    methods = methods or list(w.shop.shipping_methods)
    if not methods:
        return ""
    return w.days(min(m.handling_days[0] for m in methods), max(m.handling_days[1] for m in methods))


def _handling(w: Writer, order: Order | None = None) -> str:
    """Handling days of the order's method, else of the cheapest method to the customer's country."""
    method = w.shop.shipping_method(order.shipping_method) if order else None
    if method is None:
        options = grounding.methods_to(w.shop, order.country if order else (_country(w) or "*"))
        method = options[0][0] if options else (w.shop.shipping_methods[0] if w.shop.shipping_methods else None)
    return w.days(*method.handling_days) if method is not None else ""


def _eta(w: Writer, order: Order, part: Part) -> DeliveryEstimate | None:
    window = grounding.eta_for(order, w.shop, w.now)
    if window is not None:
        w.use("eta_from", window.earliest.isoformat())
        w.use("eta_to", window.latest.isoformat())
    return window


def _eta_sentence(w: Writer, window: DeliveryEstimate) -> str:
    """"Between A and B", or "on A" when both are the same day."""
    if window.earliest == window.latest:
        return w.say("status.eta_on", date=w.date(window.earliest))
    return w.say("status.eta", eta_from=w.date(window.earliest), eta_to=w.date(window.latest))


def _triad(w: Writer, order: Order, part: Part) -> bool:
    """TRIAD: carrier, tracking number and link, all from the order and the method's template."""
    method = w.shop.shipping_method(order.shipping_method)
    carrier = order.carrier or (method.carrier if method else "")
    if not order.tracking_number or method is None or not carrier:
        return False
    link = method.tracking_link(order.tracking_number)
    part.answer.append(w.say("status.triad", order=order.order_id, date=w.date(order.shipped_at or order.placed_at),
                             carrier=carrier, tracking=order.tracking_number, link=link))
    part.rules.append("TRIAD")
    w.use("carrier", carrier)
    w.use("tracking_number", order.tracking_number)
    w.use("tracking_link", link)
    return True


def _event_text(w: Writer, status: str, location: str) -> str:
    key = f"event.{status}" if w.book.has(f"event.{status}") else "event.other"
    text = w.book.label(key)
    return w.say("event.at", event=text, location=location) if location else text


def _point(part: Part, intent: str) -> None:
    """The next answer sentence is the one that answers ``intent`` (a merged point's lead-in goes there)."""
    part.points.setdefault(intent, len(part.answer))


def _refund_amount(w: Writer, order: Order | None) -> str:
    return w.money(order.total, order.currency) if order is not None else ""


def _refund_option(w: Writer, order: Order | None) -> str:
    # The full amount is named only when the order is a single line, so it is the item's price.
    if order is not None and len(order.items) == 1:
        w.use("refund_amount", str(order.total))
        return w.say("options.refund_full", amount=_refund_amount(w, order))
    return w.say("options.refund")


def _compensation(w: Writer) -> Decimal:
    """The goodwill percentage we may offer: the shop's maximum (POLICY-LIMIT, H2)."""
    return w.shop.policies.max_compensation_percent


# --- pre-sale --------------------------------------------------------------------------------

def _unknown_product(w: Writer, part: Part) -> Part:
    """No product recognised: say so plainly and ask for its name or link (ASK; never guess)."""
    if w.shop.catalog:
        part.answer.append(w.say("product.not_found"))
    part.ask.append("product")
    return part


def product_question(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    products = w.products()
    if not products:
        return _unknown_product(w, part)
    # A question may name several products ("is the tote leather? are the hoops nickel-free?"):
    # each gets its own facts (COVER).
    for product in products[:3]:
        w.use("product", product.name)
        if product.material:
            part.answer.append(w.say("product.material", product=product.name, material=product.material))
        else:
            part.answer.append(w.say("product.no_material", product=product.name))
            if not part.expect:
                part.expect.append(("expect.reply_within", {"hours": w.hours}))
        part.answer.append(w.say("product.price", price=w.money(product.price, product.currency)))
    many = len(products[:3]) > 1          # "it" would point at the last product only
    part.answer.append(w.say("product.guarantee_many" if many else "product.guarantee",
                             days=w.shop.policies.return_window_days))
    return part


def availability(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    products = w.products()
    if not products:
        return _unknown_product(w, part)
    product = products[0]
    colour = w.analysis.facts.colours[0].value if w.analysis.facts.colours else ""
    # "Is it in stock in that size?" after asking for size advice means the size we recommend,
    # not the sizes the customer usually wears.
    size = _advised_size(w, product) or (w.analysis.facts.sizes[0].value if w.analysis.facts.sizes else "")
    w.use("product", product.name)
    wanted = grounding.find_variant(w.shop, product, colour, size) if (colour or size) else None
    if wanted is not None and wanted.in_stock:
        part.answer.append(w.say("stock.in", product=product.name, variant=w.variant_label(wanted),
                                 stock=wanted.stock, handling=_handling(w)))
        w.use("in_stock", wanted.sku)
        return part
    if colour or size:
        label = w.variant_label(wanted) if wanted is not None else " ".join(
            x for x in (w.colour(colour) if colour else "", size) if x)
        part.answer.append(w.say("stock.out", product=product.name, variant=label))
        w.use("out_of_stock", wanted.sku if wanted else label)
        if wanted is not None:
            _restock(w, part, wanted)
    alts = grounding.alternatives(w.shop, product, colour, size)
    if alts:
        part.answer.append(w.say("stock.alternatives",
                                 list=w.listing([w.product_label(a) for a in alts])))
        w.use("alternatives", [a.sku for a in alts])
    else:
        part.answer.append(w.say("stock.none"))
    return part


def _advice(w: Writer, product):
    """The shop's size advice for the customer's measurements (None without a chart or measurements)."""
    measures = grounding.customer_measurements(w.analysis)
    if not measures or not chart_rows(product, w.shop.size_chart):
        return None
    return recommend_size(product, measures, w.shop.size_chart)


def _advised_size(w: Writer, product) -> str:
    """The size recommended in this reply, when the email also asks for size advice."""
    if "product.size_advice" not in w.analysis.intents:
        return ""
    advice = _advice(w, product)
    return advice.size if advice is not None and advice.note in (FITS, BETWEEN, TOLERANCE) else ""


def size_advice(w: Writer, item: Item) -> Part:
    """§6 size advice: the shop's ``recommend_size`` from the chart, with the 1-2 cm tolerance note.

    A fit inside the chart (fits, between two sizes, or within the 2 cm tolerance) is recommended;
    measurements beyond the chart are asked for again rather than guessed (ASK).
    """
    part = Part(rules=["GROUNDED"])
    order = w.named_orders[0] if w.named_orders else None
    products = [p for p in w.products(order) if chart_rows(p, w.shop.size_chart)]
    if not products:
        return _unknown_product(w, part)
    product = products[0]
    measures = grounding.customer_measurements(w.analysis)
    advice = _advice(w, product)
    w.use("product", product.name)
    if advice is None or advice.note not in (FITS, BETWEEN, TOLERANCE):
        part.ask.append("measurements")
        return part
    shown = [w.say("measure.unit", measure=w.book.label(f"measure.{name}") if w.book.has(f"measure.{name}") else name,
                   value=w.locale.format_number(measures[name], 0 if measures[name] == int(measures[name]) else 1))
             for name in advice.used]
    part.answer.append(w.say("size.recommend", measurements=w.listing(shown), size=advice.size, product=product.name))
    if advice.other_size:
        order_of = [r.size for r in chart_rows(product, w.shop.size_chart)]
        larger = order_of.index(advice.other_size) > order_of.index(advice.size)
        part.answer.append(w.say("size.between" if larger else "size.closer", other=advice.other_size))
    part.answer.append(w.say("size.tolerance"))
    w.use("size", advice.size)
    if "product.availability" in w.analysis.intents:
        return part          # the availability answer gives the stock of this size, once
    colour = w.analysis.facts.colours[0].value if w.analysis.facts.colours else product.colour
    variant = grounding.find_variant(w.shop, product, colour, advice.size) or \
        grounding.find_variant(w.shop, product, "", advice.size)
    if variant is not None and variant.in_stock:
        part.answer.append(w.say("size.in_stock", size=advice.size, handling=_handling(w)))
        w.use("in_stock", variant.sku)
    elif variant is not None:
        part.answer.append(w.say("size.out_of_stock", size=advice.size))
        w.use("out_of_stock", variant.sku)
        _restock(w, part, variant)
        alts = [a for a in grounding.alternatives(w.shop, variant, "", advice.size) if grounding.same_size(a.size, advice.size)]
        if alts:
            part.answer.append(w.say("stock.alternatives", list=w.listing([w.product_label(a) for a in alts])))
            w.use("alternatives", [a.sku for a in alts])
        else:
            part.answer.append(w.say("stock.none"))
    return part


def _restock(w: Writer, part: Part, variant) -> None:
    """When an out-of-stock variant returns, only when the catalogue says so (never invented)."""
    restock = getattr(variant, "restock_date", None)
    if restock is not None and restock > w.now.date():
        part.answer.append(w.say("stock.restock", date=w.date(restock)))
        w.use("restock", restock.isoformat())


def _tiers_text(w: Writer) -> str:
    tiers = sorted(w.shop.policies.bulk_tiers, key=lambda t: t.min_qty)
    return w.listing([w.say("price.tier", percent=w.pct(t.percent), qty=t.min_qty) for t in tiers])


def discount(w: Writer, item: Item) -> Part:
    """§6 discount request: the bulk tier when the quantity earns one, else a kind "no" with the
    reason and the tiers as the alternative (REFUSE, POLICY-LIMIT: never more than configured)."""
    part = Part(rules=["POLICY-LIMIT"])
    products = w.products()
    pairs = grounding.product_quantities(w.analysis, products)
    if pairs and w.shop.policies.bulk_tiers and _bulk_answers(w, part, pairs):
        return part
    part.rules.append("REFUSE")
    part.refuse.append(w.say("price.discount_no"))
    if w.shop.policies.bulk_tiers:
        part.refuse.append(w.say("price.bulk_offer", tiers=_tiers_text(w)))
        w.use("bulk_tiers", [[t.min_qty, str(t.percent)] for t in w.shop.policies.bulk_tiers])
    else:
        part.refuse.append(w.say("price.no_tiers"))
    return part


def _bulk_answers(w: Writer, part: Part, pairs) -> bool:
    """Tier prices for each (product, quantity) the customer named; True when one applied."""
    tiers = w.shop.policies.bulk_tiers
    applied = False
    quotes = []
    for product, pieces in pairs[:3]:
        qty = pieces
        lot = getattr(product, "lot_size", 1) or 1
        in_lots = lot > 1 and qty >= lot and qty % lot == 0
        if in_lots:
            qty //= lot          # the price and the tiers count lots ("Pearl hair clips (dozen)")
        quote = bulk_price(product, qty, tiers)
        price = w.money(product.price, product.currency)
        suffix = "_lot" if in_lots else ""
        if quote.percent > 0:
            part.answer.append(w.say(f"price.bulk_price{suffix}", qty=qty, product=product.name, pieces=pieces,
                                     lot=lot, unit=w.money(quote.unit_price, quote.currency), price=price,
                                     percent=w.pct(quote.percent)))
            quotes.append({"sku": product.sku, "qty": qty, "unit_price": str(quote.unit_price),
                           "percent": str(quote.percent), "total": str(quote.total)})
            applied = True
        elif quote.next_tier is not None:
            nxt = quote.next_tier
            part.answer.append(w.say(f"price.bulk_below{suffix}", qty=qty, product=product.name, pieces=pieces,
                                     lot=lot, price=price, next_qty=nxt.min_qty, percent=w.pct(nxt.percent)))
        _lots(w, part, product, pieces)
    if quotes:
        w.use("bulk", quotes if len(quotes) > 1 else quotes[0])
    return applied


def wholesale(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED", "POLICY-LIMIT"])
    tiers = w.shop.policies.bulk_tiers
    products = w.products()
    pairs = grounding.product_quantities(w.analysis, products)
    if not tiers:
        part.answer.append(w.say("price.no_tiers"))
    elif pairs:
        _bulk_answers(w, part, pairs)
    else:
        part.answer.append(w.say("price.bulk_offer", tiers=_tiers_text(w)))
        if not products:
            part.ask.append("product")
        if not w.analysis.facts.quantities:
            part.ask.append("quantity")
    country = _country(w)
    if country:
        methods = grounding.methods_to(w.shop, country)
        if methods:
            method = methods[0][0]
            part.answer.append(w.say("price.freight", country=w.country(country), method=method.name,
                                     cost=w.money(method.price, method.currency)))
    return part


def _lots(w: Writer, part: Part, product, qty: int) -> None:
    """§6 "sold only in lots": explain the lot and suggest the nearest quantities."""
    lot = getattr(product, "lot_size", 1) or 1
    if lot <= 1 or qty % lot == 0:
        return
    below, above = nearest_lot(qty, lot)
    if below:
        part.answer.append(w.say("price.lot", product=product.name, lot=lot, below=below, above=above))
    else:
        part.answer.append(w.say("price.lot_above", product=product.name, lot=lot, above=above))
    w.use("lot", {"sku": product.sku, "lot_size": lot, "below": below, "above": above})


def _country(w: Writer) -> str:
    if w.analysis.facts.countries:
        return w.analysis.facts.countries[0].value
    orders = w.shop.orders_for(w.analysis.sender) if w.analysis.sender else ()
    return orders[-1].country if orders else ""


def shipping_options(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    country = _country(w)
    methods = grounding.methods_to(w.shop, country) if country else []
    if not methods:
        # Without a destination we can still name every method and its price (C2: general answer).
        lines = [w.say("shipping.method_price_line", method=m.name, carrier=m.carrier,
                       cost=w.money(m.price, m.currency)) for m in w.shop.shipping_methods]
        if lines:
            part.answer.append(w.say("shipping.options_any", list=w.listing(lines)))
        part.ask.append("country")
        return part
    deadline = item.deadline
    if deadline is None:
        deadline = _future_date(w)
    w.use("country", country)
    if deadline is not None:
        meeting, fastest = grounding.method_for_deadline(w.shop, country, deadline, w.now)
        if meeting is not None:
            transit = meeting.transit_for(country)
            part.answer.append(w.say("shipping.deadline_ok", date=w.date(deadline), method=meeting.name,
                                     days=w.days(transit.min_days, transit.max_days),
                                     cost=w.money(meeting.price, meeting.currency)))
            cheapest = methods[0][0]
            if meeting.price > cheapest.price:
                part.answer.append(w.say("shipping.deadline_extra", standard=cheapest.name,
                                         standard_cost=w.money(cheapest.price, cheapest.currency)))
            w.use("shipping_method", meeting.id)
            return part
        if fastest is not None:
            transit = fastest.transit_for(country)
            window = estimate_delivery(fastest, country, w.now, w.shop.pauses)
            part.refuse.append(w.say("shipping.deadline_none", country=w.country(country), method=fastest.name,
                                     days=w.days(transit.min_days, transit.max_days), date=w.date(deadline)))
            part.refuse.append(w.say("shipping.deadline_alt", method=fastest.name,
                                     eta_from=w.date(window.earliest), eta_to=w.date(window.latest)))
            part.rules.append("REFUSE")
            w.use("shipping_method", fastest.id)
            return part
    lines = [w.say("shipping.method_line", method=m.name, carrier=m.carrier, days=w.days(lo, hi),
                   cost=w.money(m.price, m.currency)) for m, lo, hi in methods]
    part.answer.append(w.say("shipping.options", country=w.country(country), list=w.listing(lines)))
    return part


def _future_date(w: Writer):
    """A date in the email that lies ahead: the customer's "I need it by ..." (time-sensitive)."""
    for fact in w.analysis.facts.dates:
        try:
            day = date.fromisoformat(fact.value)
        except ValueError:
            continue
        if day > w.now.date():
            return day
    return None


def payment_failed(w: Writer, item: Item) -> Part:
    part = Part()
    # §6 "order closed because payment was not approved": an order the email names that the shop
    # closed for that reason is the answer's first fact (how to reorder, with the methods).
    closed = [o for o in w.named_orders if o.status_reason == "payment_not_approved"]
    causes = [w.book.label(f"payment.cause_{c}") for c in ("cvv", "funds", "limit", "3ds", "verification")]
    if closed and w.facts_used.get("status_reason") != "payment_not_approved":
        # Closed, then why payments fail, then how to reorder with the other methods.
        _closed_for_payment(w, closed[0], part)
        part.answer.insert(1, w.say("payment.causes", list=w.listing(causes)))
        if not w.shop.payment_methods:
            part.answer.append(w.say("payment.retry"))
        return part
    part.answer.append(w.say("payment.causes", list=w.listing(causes)))
    if "payment.methods" not in w.analysis.intents:      # else that item lists them, once
        _methods(w, part)
    part.answer.append(w.say("payment.retry"))
    return part


def _methods(w: Writer, part: Part) -> None:
    if w.shop.payment_methods:
        part.answer.append(w.say("payment.methods", list=w.listing(list(w.shop.payment_methods))))
        w.use("payment_methods", list(w.shop.payment_methods))
    else:
        part.answer.append(w.say("payment.no_methods"))


def payment_methods(w: Writer, item: Item) -> Part:
    part = Part()
    _methods(w, part)
    return part


# --- in-sale ---------------------------------------------------------------------------------

def _dispatch_overdue(w: Writer, order: Order, part: Part) -> None:
    """§6 "carrier backlog": a paid order past its dispatch window. Say so (no invented cause, H1),
    and offer a faster method with its price, asking for consent."""
    method = w.shop.shipping_method(order.shipping_method)
    if method is None:
        return
    due = dispatch_window(method, order.placed_at, w.shop.pauses).latest
    if w.now.date() <= due:
        return
    part.answer.append(w.say("status.dispatch_late", date=w.date(order.placed_at), handling=w.days(*method.handling_days)))
    w.use("dispatch_overdue_since", due.isoformat())
    for other, _, _ in sorted(grounding.methods_to(w.shop, order.country), key=lambda m: m[0].handling_days[1]):
        if other.id != method.id and other.handling_days[1] < method.handling_days[1]:
            part.answer.append(w.say("status.switch_offer", method=other.name, carrier=other.carrier,
                                     cost=w.money(other.price, other.currency),
                                     standard_cost=w.money(method.price, method.currency)))
            w.use("switch_method", other.id)
            part.expect.append(("expect.choice", {"hours": w.hours}))
            break


def _upgrade_for_deadline(w: Writer, item: Item, order: Order, window, part: Part) -> None:
    """The order would arrive after the customer's date: name the method that makes it, and its price."""
    deadline = item.deadline or _future_date(w)
    if deadline is None:
        return
    if window.latest <= deadline:
        part.answer.append(w.say("shipping.deadline_met", date=w.date(deadline)))
        w.use("deadline_met", deadline.isoformat())
        return
    meeting, _ = grounding.method_for_deadline(w.shop, order.country, deadline, w.now)
    if meeting is None or meeting.id == order.shipping_method:
        return
    transit = meeting.transit_for(order.country)
    part.answer.append(w.say("shipping.deadline_ok", date=w.date(deadline), method=meeting.name,
                             days=w.days(transit.min_days, transit.max_days),
                             cost=w.money(meeting.price, meeting.currency)))
    w.use("upgrade_method", meeting.id)


def _closed_for_payment(w: Writer, order: Order, part: Part) -> bool:
    """§6 "order closed because payment was not approved": say so, and how to reorder."""
    if order.status_reason != "payment_not_approved":
        return False
    part.answer.append(w.say("order.closed_payment", order=order.order_id))
    if w.shop.payment_methods:
        part.answer.append(w.say("order.reorder", list=w.listing(list(w.shop.payment_methods))))
    w.use("status_reason", "payment_not_approved")
    return True


def _shipped_date(order: Order):
    return order.shipped_at or order.placed_at


def cancel(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    order = w.order_for(item.intent)
    if order is None:
        _no_order(w, part, item.intent)
        return part
    if order.status in OPEN_STATUSES:
        part.answer.append(w.say("order.cancel_ok", order=order.order_id))
        part.expect.append(("expect.confirm", {"hours": w.hours}))
    elif order.status in ("shipped", "delivered"):
        part.refuse.append(w.say("order.cancel_shipped", order=order.order_id, date=w.date(_shipped_date(order))))
        part.refuse.append(w.say("order.cancel_alt", days=w.shop.policies.return_window_days))
        part.rules.append("REFUSE")
    elif not _closed_for_payment(w, order, part):
        part.answer.append(w.say("order.cancel_done", order=order.order_id,
                                 status=w.book.label(f"order_status.{order.status}")))
    return part


ADDRESS_WORDS = ("address", "adresse", "dirección", "direccion", "адрес", "地址", "endereço", "morada",
                 "aadress", "adrese", "adresi", "adresse")


def _what_to_change(w: Writer) -> str:
    """What the customer wants changed; an address named in words beats a size mentioned in passing."""
    text = w.analysis.text.lower()
    if any(word in text for word in ADDRESS_WORDS):
        return "address"
    facts = w.analysis.facts
    if facts.sizes:
        return "size"
    if facts.colours:
        return "colour"
    if facts.quantities:
        return "quantity"
    return "order"


def change(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    order = w.order_for(item.intent)
    if order is None:
        _no_order(w, part, item.intent)
        return part
    what = _what_to_change(w)
    what_word = w.book.label(f"what.{what}")
    allowed = w.shop.policies.changeable_before_shipping
    if order.status in ("shipped", "delivered"):
        part.refuse.append(w.say("order.change_shipped", order=order.order_id, date=w.date(_shipped_date(order)),
                                 what=what_word))
        part.refuse.append(w.say("order.change_alt", days=w.shop.policies.return_window_days))
        part.rules.append("REFUSE")
    elif what != "order" and what not in allowed:
        part.refuse.append(w.say("order.change_not_allowed", what=what_word,
                                 allowed=w.listing([w.book.label(f"what.{a}") for a in allowed
                                                    if w.book.has(f"what.{a}")])))
        part.refuse.append(w.say("order.change_not_allowed_alt", order=order.order_id))
        part.rules.append("REFUSE")
    elif order.status in OPEN_STATUSES:
        part.answer.append(w.say("order.change_ok", order=order.order_id, what=what_word))
        if what == "address" and "address" in w.analysis.missing:   # only when they have not given it
            part.ask.append("address")
        part.expect.append(("expect.confirm", {"hours": w.hours}))
    else:
        part.answer.append(w.say("order.cancel_done", order=order.order_id,
                                 status=w.book.label(f"order_status.{order.status}")))
    return part


def combine(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    orders = [o for o in (w.shop.orders_for(w.analysis.sender) if w.analysis.sender else ())
              if o.status in OPEN_STATUSES]
    for named in w.named_orders:
        if named.status in OPEN_STATUSES and named not in orders:
            orders.append(named)
    if len(orders) >= 2:
        ids = [o.order_id for o in orders]
        part.answer.append(w.say("order.combine_ok", orders=w.listing(ids), country=w.country(orders[-1].country)))
        part.answer.append(w.say("order.combine_how"))
        part.expect.append(("expect.confirm", {"hours": w.hours}))
        w.use("combined_orders", ids)
    elif orders:
        part.answer.append(w.say("order.combine_none", order=orders[0].order_id))
        part.answer.append(w.say("order.combine_how"))
    else:
        _no_order(w, part, item.intent)
        part.answer.append(w.say("order.combine_how"))
    return part


def parcel(w: Writer, item: Item) -> Part:
    """Where is my parcel / when will it arrive / not received: TRIAD, ETA, reasons only from data."""
    part = Part(rules=["GROUNDED"])
    order = w.order_for(item.intent)
    if order is None:
        _no_order(w, part, item.intent)
        if item.intent != "shipping.time":      # that one got its dispatch time from _no_order
            part.answer.append(w.say("answer.check_parcel"))
        return part
    status = order.status
    if status == "unpaid":
        part.answer.append(w.say("status.unpaid", order=order.order_id, handling=_handling(w, order)))
        return part
    if status == "paid":
        part.answer.append(w.say("status.paid", order=order.order_id, handling=_handling(w, order)))
        _dispatch_overdue(w, order, part)
        window = _eta(w, order, part)
        if window is not None:
            _point(part, "shipping.time")
            part.answer.append(_eta_sentence(w, window))
            _upgrade_for_deadline(w, item, order, window, part)
        pause = grounding.pause_delaying(order, w.shop, w.now)
        if pause is not None:
            part.answer.append(w.say("status.pause", pause=pause.name, start=w.date(pause.start), end=w.date(pause.end)))
            w.use("pause", pause.name)
        part.expect.append(("expect.tracking", {}))
        return part
    if status == "cancelled" and _closed_for_payment(w, order, part):
        return part
    if status in ("cancelled", "returned"):
        part.answer.append(w.say(f"status.{status}", order=order.order_id))
        return part
    if status == "refunded":
        part.answer.append(w.say("status.refunded", order=order.order_id, amount=_refund_amount(w, order)))
        return part
    # shipped or delivered
    _triad(w, order, part)
    events = w.shop.events(order.tracking_number) if order.tracking_number else ()
    if status == "delivered" or order.delivered_at is not None:
        when = order.delivered_at or (events[-1].time if events else None)
        if when is not None:
            _point(part, "shipping.time")
            part.answer.append(w.say("status.delivered", order=order.order_id, date=w.date(when)))
        if item.intent == "delivery.not_received":
            part.answer.append(w.say("status.delivered_check"))
            part.options += [w.say("options.investigate"), w.say("options.reship_order"), _refund_option(w, order)]
            part.expect.append(("expect.choice", {"hours": w.hours}))
        return part
    last = grounding.latest_event(events)
    if last is not None and last.status not in ("customs", "exception"):
        part.answer.append(w.say("status.last_event", date=w.date(last.time),
                                 event=_event_text(w, last.status, last.location)))
    window = _eta(w, order, part)
    late = window is not None and w.now.date() > window.latest
    customs = grounding.customs_event(events)
    problem = grounding.exception_event(events)
    pause = grounding.pause_delaying(order, w.shop, w.now)
    if customs is not None:
        part.answer.append(w.say("status.customs", location=customs.location or order.country, date=w.date(customs.time)))
        w.use("reason", "customs")
    elif problem is not None:
        part.answer.append(w.say("status.exception", location=problem.location or order.country, date=w.date(problem.time)))
        w.use("reason", "exception")
    if window is not None:
        _point(part, "shipping.time")
        if late:
            method = w.shop.shipping_method(order.shipping_method)
            transit = method.transit_for(order.country) if method else None
            if transit is not None:
                part.answer.append(w.say("status.eta_passed", days=w.days(transit.min_days, transit.max_days)))
            else:
                part.answer.append(w.say("status.slow"))
        else:
            part.answer.append(_eta_sentence(w, window))
    if pause is not None and customs is None:
        part.answer.append(w.say("status.pause", pause=pause.name, start=w.date(pause.start), end=w.date(pause.end)))
        w.use("reason", "pause")
    elif window is None and item.intent == "delivery.not_received":
        _point(part, "shipping.time")
        part.answer.append(w.say("status.slow"))   # H1: neutral wording, no invented cause
    if late or (item.intent == "delivery.not_received" and problem is not None):
        part.options += [w.say("options.wait", days=WAIT_DAYS), w.say("options.reship_order"), _refund_option(w, order)]
        part.expect.append(("expect.choice", {"hours": w.hours}))
    elif item.intent == "delivery.not_received" or customs is not None:
        part.expect.append(("expect.follow", {"days": WAIT_DAYS}))
    return part


# --- after-sale ------------------------------------------------------------------------------

def _order_lines(w: Writer, order: Order) -> str:
    lines = []
    for line in order.items:
        product = w.shop.product(line.sku)
        lines.append(f"{line.quantity} × {w.product_label(product) if product else line.sku}")
    return w.listing(lines)


def _about_order(w: Writer, order: Order | None, part: Part) -> None:
    """Name the order and what was in it, so the customer sees we looked it up (COVER, GROUNDED)."""
    if order is not None:
        part.answer.append(w.say("answer.about_order", order=order.order_id, items=_order_lines(w, order)))


def _status_instead(w: Writer, item: Item) -> Part | None:
    """For a wrong/missing/damaged-item report on an order that certainly never left the
    warehouse: the order's status as the answer, else None.

    Such an order cannot hold a wrong, missing or broken item (the report is a misreading, or
    about something else): the reply gives the order's real status instead of offering a
    reship or a refund for a parcel that does not exist, or asking for a photo of it (H1, GROUNDED).
    """
    order = w.order_for(item.intent)
    if order is None or not order.never_shipped:
        return None
    w.use("never_shipped", order.order_id)
    part = parcel(w, item)
    part.restate_as = "other"
    return part


def wrong_item(w: Writer, item: Item) -> Part:
    if (status := _status_instead(w, item)) is not None:
        return status
    part = Part(rules=["OPTIONS"])
    order = w.order_for(item.intent)
    _about_order(w, order, part)
    part.answer.append(w.say("answer.wrong_item"))
    if order is None:
        _no_order(w, part)
    if not w.analysis.has_image_attachment:
        part.ask.append("photo")
    part.options += [w.say("options.reship"), _refund_option(w, order)]
    part.option_notes.append(w.say("options.return_paid_shop"))
    part.expect.append(("expect.choice", {"hours": w.hours}))
    return part


def missing_item(w: Writer, item: Item) -> Part:
    if (status := _status_instead(w, item)) is not None:
        return status
    part = Part(rules=["OPTIONS", "GROUNDED"])
    order = w.order_for(item.intent)
    if order is None:
        _no_order(w, part)
    else:
        part.answer.append(w.say("answer.missing_items", order=order.order_id, items=_order_lines(w, order)))
    if not w.analysis.has_image_attachment:
        part.ask.append("photo")
    part.options += [w.say("options.reship_missing"), w.say("options.refund_item")]
    part.expect.append(("expect.choice", {"hours": w.hours}))
    return part


def damaged(w: Writer, item: Item) -> Part:
    if (status := _status_instead(w, item)) is not None:
        return status
    part = Part(rules=["OPTIONS", "POLICY-LIMIT"])
    order = w.order_for(item.intent)
    _about_order(w, order, part)
    part.answer.append(w.say("answer.damaged"))
    if order is None:
        _no_order(w, part)
    if not w.analysis.has_image_attachment:
        part.ask.append("photo")
    part.options.append(w.say("options.replace"))
    part.options.append(_refund_option(w, order))
    pct = _compensation(w)
    if pct > 0:
        part.options.append(w.say("options.partial", percent=w.pct(pct)))
        w.use("compensation_percent", str(pct))
    part.expect.append(("expect.choice", {"hours": w.hours}))
    return part


def return_request(w: Writer, item: Item) -> Part:
    part = Part(rules=["OPTIONS", "POLICY-LIMIT"])
    order = w.order_for(item.intent)
    policy = w.shop.policies
    days = policy.return_window_days
    if order is None:
        _no_order(w, part)
        part.answer.append(w.say("returns.within_unknown", days=days))
    elif order.delivered_at is not None:
        deadline = order.delivered_at + timedelta(days=days)
        if w.now > deadline:
            part.refuse.append(w.say("returns.outside", order=order.order_id, date=w.date(order.delivered_at), days=days))
            part.refuse.append(w.say("returns.outside_alt"))
            part.rules.append("REFUSE")
            w.use("return_window", "ended")
            return part
        part.answer.append(w.say("returns.within", order=order.order_id, date=w.date(order.delivered_at), days=days))
        w.use("return_window", "open")
        if _exchange(w, order, part):
            return part
    else:
        part.answer.append(w.say("returns.within_unknown", days=days))
    pct = _compensation(w)
    if pct > 0:
        part.options.append(w.say("options.partial", percent=w.pct(pct)))
    part.options.append(w.say("options.return_refund"))
    if w.facts_used.get("exchange", {}).get("in_stock", True):
        part.options.append(w.say("options.return_replace"))
    paid_by = "options.return_paid_shop" if policy.return_shipping_paid_by == "shop" else "options.return_paid_customer"
    part.option_notes += [w.say(paid_by), w.say("returns.how")]
    part.expect.append(("expect.choice", {"hours": w.hours}))
    return part


def _exchange(w: Writer, order: Order, part: Part) -> bool:
    """An exchange for another size or colour: answer yes/no from stock (True when it is in stock).

    A colour counts as wanted only when no item of the order has it (the customer's own item is
    often named by its colour: "the black dress").
    """
    sizes = [f.value for f in w.analysis.facts.sizes]
    own_colours = {p.colour.lower() for p in (w.shop.product(line.sku) for line in order.items) if p and p.colour}
    colours = [f.value for f in w.analysis.facts.colours if f.value.lower() not in own_colours]
    if not sizes and not colours:
        return False
    for line in order.items:
        product = w.shop.product(line.sku)
        if product is None:
            continue
        size = next((s for s in reversed(sizes) if product.size and not grounding.same_size(s, product.size)), "")
        colour = next((c for c in reversed(colours) if product.colour), "")
        if not size and not colour:
            continue
        variant = grounding.find_variant(w.shop, product, colour or product.colour, size or product.size)
        if variant is None or variant.sku == product.sku:
            continue
        w.use("exchange", {"sku": variant.sku, "in_stock": variant.in_stock})
        if variant.in_stock:
            if colour:
                part.answer.append(w.say("returns.exchange_yes_variant", variant=w.product_label(variant)))
            else:
                part.answer.append(w.say("returns.exchange_yes", size=variant.size))
            paid_by = ("options.return_paid_shop" if w.shop.policies.return_shipping_paid_by == "shop"
                       else "options.return_paid_customer")
            part.answer.append(w.say(paid_by))
            part.expect.append(("expect.confirm", {"hours": w.hours}))
            return True
        if colour:
            part.answer.append(w.say("returns.exchange_out_variant", variant=w.product_label(variant)))
        else:
            part.answer.append(w.say("returns.exchange_out", size=variant.size))
        w.use("out_of_stock", variant.sku)
        _restock(w, part, variant)
        # Alternatives keep what the customer wanted changed (the new size, or the new colour),
        # and never offer back the item being returned.
        alts = [a for a in grounding.alternatives(w.shop, variant, colour, size)
                if a.sku != product.sku and (not size or grounding.same_size(a.size, size))
                and (not colour or a.colour.lower() == colour.lower())]
        if alts:
            part.answer.append(w.say("stock.alternatives", list=w.listing([w.product_label(a) for a in alts])))
            w.use("alternatives", [a.sku for a in alts])
        return False
    return False


def refund_status(w: Writer, item: Item) -> Part:
    part = Part(rules=["GROUNDED"])
    order = w.order_for(item.intent)
    if order is None:
        _no_order(w, part, item.intent)
        return part
    amount = _refund_amount(w, order)
    if order.status == "refunded":
        part.answer.append(w.say("refund.issued", order=order.order_id, amount=amount,
                                 days=getattr(w.shop.policies, "refund_processing_days", 5)))
    elif order.status == "returned":
        part.answer.append(w.say("refund.returned", order=order.order_id, amount=amount))
        part.expect.append(("expect.reply_within", {"hours": w.hours}))
    else:
        part.answer.append(w.say("refund.none", order=order.order_id))
        part.expect.append(("expect.reply_within", {"hours": w.hours}))
    return part


def review_sentiment(w: Writer) -> str:
    mood = w.analysis.mood
    if mood.negative or mood.kind == "complaint":
        return "negative"
    if mood.kind == "compliment" or "joy" in mood.emotions:
        return "positive"
    return "neutral"


def review(w: Writer, item: Item) -> Part:
    """§6 reviews: thanks (+ returning-customer benefit within policy), or apology, remedy, reconsider."""
    part = Part(rules=["POLICY-LIMIT"])
    sentiment = review_sentiment(w)
    w.use("review", sentiment)
    benefit = w.shop.policies.max_discount_percent
    if sentiment == "positive":
        part.answer.append(w.say("review.positive"))
        if benefit > 0:
            part.answer.append(w.say("review.benefit", percent=w.pct(benefit)))
        _review_link(w, part)
    elif sentiment == "neutral":
        part.answer.append(w.say("review.neutral"))
        if benefit > 0:
            part.answer.append(w.say("review.benefit", percent=w.pct(benefit)))
        # Where reviews are left: the answer when they ask for it, and where to update one.
        _review_link(w, part)
    else:
        part.answer.append(w.apology("review.negative", "review.negative_soft"))
        order = w.order_for(item.intent)
        _about_order(w, order, part)
        part.options += [w.say("options.replace"), _refund_option(w, order)]
        pct = _compensation(w)
        if pct > 0:
            part.options.append(w.say("options.partial", percent=w.pct(pct)))
        part.option_notes.append(w.say("review.reconsider"))
        part.expect.append(("expect.choice", {"hours": w.hours}))
    return part


def _review_link(w: Writer, part: Part) -> None:
    url = getattr(w.shop, "review_url", "")
    text = w.say("review.link", link=url) if url else ""
    if text:                          # a concise (VOLUME) draft leaves the review link out
        part.answer.append(text)
        w.use("review_url", url)


def suggestion(w: Writer, item: Item) -> Part:
    return Part(answer=[w.say("answer.suggestion")])


def compliment(w: Writer, item: Item) -> Part:
    part = Part(answer=[w.say("answer.compliment")])
    if any(o.status == "delivered" for o in (w.shop.orders_for(w.analysis.sender) if w.analysis.sender else ())):
        part.answer.append(w.say("review.invite"))
        _review_link(w, part)
    return part


def complaint(w: Writer, item: Item) -> Part:
    part = Part(rules=["ESCALATE"], answer=[w.say("answer.complaint")])
    part.expect.append(("expect.reply_within", {"hours": w.hours}))
    return part


def reminder(w: Writer, item: Item) -> Part:
    """A chaser: acknowledge it, and when it names an order that nothing else answers, give its status."""
    part = Part(answer=[w.say("answer.reminder")])
    others = {i.intent for i in w.analysis.items} - {"followup.reminder"}
    # A chaser with no other question is usually about the order still on its way.
    pending = w.named_orders or [o for o in [w.order_for("shipping.status")] if o is not None and o.status in ("paid", "shipped")]
    if pending and not others:
        status = parcel(w, item)
        part.answer += status.answer
        part.rules += status.rules
        part.options += status.options
        part.expect += status.expect
        return part
    if len(w.analysis.items) == 1:
        part.expect.append(("expect.reply_within", {"hours": w.hours}))
    return part


def other(w: Writer, item: Item) -> Part:
    # An unclassified question about a named order: its status is the most useful answer we have.
    if w.named_orders:
        part = parcel(w, item)
        if part.answer or part.refuse:
            return part
    if w.analysis.clarity == "C3":
        part = Part(answer=[w.say("answer.unclear")])
        part.ask.append("open")
        return part
    part = Part(answer=[w.say("answer.general")])
    part.expect.append(("expect.reply_within", {"hours": w.hours}))
    return part


CASES: dict[str, Callable[[Writer, Item], Part]] = {
    "product.question": product_question,
    "product.availability": availability,
    "product.size_advice": size_advice,
    "price.discount": discount,
    "price.wholesale": wholesale,
    "shipping.options": shipping_options,
    "payment.failed": payment_failed,
    "payment.methods": payment_methods,
    "order.cancel": cancel,
    "order.change": change,
    "order.combine": combine,
    "shipping.status": parcel,
    "shipping.time": parcel,
    "delivery.not_received": parcel,
    "delivery.wrong_item": wrong_item,
    "delivery.missing_item": missing_item,
    "delivery.damaged": damaged,
    "return.request": return_request,
    "refund.status": refund_status,
    "feedback.review": review,
    "feedback.suggestion": suggestion,
    "feedback.compliment": compliment,
    "complaint.service": complaint,
    "followup.reminder": reminder,
    "other": other,
}
