# SPDX-License-Identifier: MIT
"""Quote calculation: validates order lines, applies the better of the volume
discount and a discount code, then VAT. Money is kept in integer cents and
percentages are applied with half-up rounding, as an invoice would."""

from dataclasses import dataclass

MAX_LINES = 100
MAX_QUANTITY = 10_000
MAX_UNIT_PRICE_CENTS = 10_000_000

# Codes and their percentage off; codes are matched case-insensitively.
DISCOUNT_CODES = {"WELCOME10": 10, "VIP20": 20}

# (minimum total quantity, percent off), highest threshold first.
VOLUME_TIERS = ((50, 10), (10, 5))


class QuoteError(ValueError):
    """The order cannot be quoted; the message says which field is wrong."""


@dataclass(frozen=True)
class LineItem:
    sku: str
    unit_price_cents: int
    quantity: int


def percent_of(cents, percent):
    """percent% of cents, rounded half up to a whole cent."""
    return (cents * percent + 50) // 100


def _int_field(raw, name, where, low, high):
    value = raw.get(name)
    # bool is an int subclass; a JSON true is not a quantity.
    if not isinstance(value, int) or isinstance(value, bool):
        raise QuoteError(f"{where}.{name}: expected an integer")
    if not low <= value <= high:
        raise QuoteError(f"{where}.{name}: must be between {low} and {high}")
    return value


def parse_items(raw_items):
    """Turns the decoded JSON list of order lines into LineItems."""
    if not isinstance(raw_items, list) or not raw_items:
        raise QuoteError("items: expected a non-empty list")
    if len(raw_items) > MAX_LINES:
        raise QuoteError(f"items: at most {MAX_LINES} lines")
    items = []
    for i, raw in enumerate(raw_items):
        where = f"items[{i}]"
        if not isinstance(raw, dict):
            raise QuoteError(f"{where}: expected an object")
        sku = raw.get("sku")
        if not isinstance(sku, str) or not sku.strip():
            raise QuoteError(f"{where}.sku: expected a non-empty string")
        items.append(LineItem(
            sku=sku.strip(),
            unit_price_cents=_int_field(raw, "unit_price_cents", where, 0, MAX_UNIT_PRICE_CENTS),
            quantity=_int_field(raw, "quantity", where, 1, MAX_QUANTITY),
        ))
    return items


def discount_percent(total_quantity, code=None):
    """The discount that applies: volume and code discounts do not stack,
    the larger one wins. Returns (percent, reason)."""
    best = (0, "none")
    for threshold, percent in VOLUME_TIERS:
        if total_quantity >= threshold:
            best = (percent, f"volume>={threshold}")
            break
    if code is not None:
        if not isinstance(code, str):
            raise QuoteError("code: expected a string")
        percent = DISCOUNT_CODES.get(code.strip().upper())
        if percent is None:
            raise QuoteError(f"code: unknown discount code {code!r}")
        if percent > best[0]:
            best = (percent, f"code:{code.strip().upper()}")
    return best


def quote(items, code=None, vat_percent=20):
    """A quote for the order as a JSON-ready dict of cents."""
    if not 0 <= vat_percent <= 100:
        raise QuoteError("vat_percent: must be between 0 and 100")
    subtotal = sum(it.unit_price_cents * it.quantity for it in items)
    quantity = sum(it.quantity for it in items)
    percent, reason = discount_percent(quantity, code)
    discount = percent_of(subtotal, percent)
    net = subtotal - discount
    vat = percent_of(net, vat_percent)
    return {
        "lines": len(items),
        "quantity": quantity,
        "subtotal_cents": subtotal,
        "discount_percent": percent,
        "discount_reason": reason,
        "discount_cents": discount,
        "vat_cents": vat,
        "total_cents": net + vat,
    }
