# SPDX-License-Identifier: MIT
import unittest

from service.pricing import LineItem, QuoteError, discount_percent, parse_items, percent_of, quote


class PercentOf(unittest.TestCase):
    def test_rounds_half_up_to_whole_cents(self):
        self.assertEqual(percent_of(250, 10), 25)
        self.assertEqual(percent_of(5, 10), 1)   # 0.5 -> 1
        self.assertEqual(percent_of(4, 10), 0)   # 0.4 -> 0

    def test_zero_percent_is_zero(self):
        self.assertEqual(percent_of(12345, 0), 0)


class ParseItems(unittest.TestCase):
    def test_valid_lines_become_line_items(self):
        items = parse_items([{"sku": " A1 ", "unit_price_cents": 1250, "quantity": 2}])
        self.assertEqual(items, [LineItem("A1", 1250, 2)])

    def test_empty_or_non_list_is_rejected(self):
        for raw in ([], None, {}, "x"):
            with self.assertRaisesRegex(QuoteError, r"^items: expected a non-empty list"):
                parse_items(raw)

    def test_error_names_the_line_and_field(self):
        with self.assertRaisesRegex(QuoteError, r"^items\[1\]\.quantity: must be between 1 and"):
            parse_items([{"sku": "A", "unit_price_cents": 1, "quantity": 1},
                         {"sku": "B", "unit_price_cents": 1, "quantity": 0}])

    def test_booleans_are_not_integers(self):
        with self.assertRaisesRegex(QuoteError, r"unit_price_cents: expected an integer"):
            parse_items([{"sku": "A", "unit_price_cents": True, "quantity": 1}])

    def test_missing_sku_is_rejected(self):
        with self.assertRaisesRegex(QuoteError, r"items\[0\]\.sku"):
            parse_items([{"unit_price_cents": 1, "quantity": 1}])

    def test_too_many_lines_are_rejected(self):
        line = {"sku": "A", "unit_price_cents": 1, "quantity": 1}
        with self.assertRaisesRegex(QuoteError, "at most"):
            parse_items([line] * 101)


class Discounts(unittest.TestCase):
    def test_no_discount_below_the_first_tier(self):
        self.assertEqual(discount_percent(9), (0, "none"))

    def test_volume_tiers(self):
        self.assertEqual(discount_percent(10), (5, "volume>=10"))
        self.assertEqual(discount_percent(50), (10, "volume>=50"))

    def test_code_is_case_insensitive_and_wins_when_larger(self):
        self.assertEqual(discount_percent(60, "vip20"), (20, "code:VIP20"))

    def test_larger_volume_discount_beats_a_smaller_code(self):
        self.assertEqual(discount_percent(60, "WELCOME10"), (10, "volume>=50"))

    def test_unknown_code_is_an_error(self):
        with self.assertRaisesRegex(QuoteError, "unknown discount code 'NOPE'"):
            discount_percent(1, "NOPE")


class Quote(unittest.TestCase):
    def test_totals_add_up(self):
        q = quote([LineItem("A", 1000, 3), LineItem("B", 250, 8)], code="WELCOME10")
        self.assertEqual(q["subtotal_cents"], 5000)
        self.assertEqual(q["quantity"], 11)
        self.assertEqual(q["discount_percent"], 10)
        self.assertEqual(q["discount_cents"], 500)
        self.assertEqual(q["vat_cents"], 900)
        self.assertEqual(q["total_cents"], 5400)

    def test_vat_out_of_range_is_rejected(self):
        with self.assertRaises(QuoteError):
            quote([LineItem("A", 1, 1)], vat_percent=101)


if __name__ == "__main__":
    unittest.main()
