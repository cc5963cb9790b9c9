# SPDX-License-Identifier: MIT
import json
import threading
import unittest
import urllib.error
import urllib.request

from service.app import MAX_BODY, make_server


class App(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = make_server("127.0.0.1", 0)
        cls.base = "http://127.0.0.1:%d" % cls.server.server_address[1]
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def request(self, path, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=5) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    def test_health_answers_ok(self):
        self.assertEqual(self.request("/health")[0], 200)

    def test_ready_follows_the_ready_flag(self):
        self.assertEqual(self.request("/ready"), (200, {"ready": True}))
        self.server.ready.clear()
        try:
            self.assertEqual(self.request("/ready"), (503, {"ready": False}))
        finally:
            self.server.ready.set()

    def test_quote_returns_totals(self):
        status, body = self.request("/quote", {"items": [{"sku": "A", "unit_price_cents": 1000,
                                                           "quantity": 1}], "vat_percent": 0})
        self.assertEqual(status, 200)
        self.assertEqual(body["total_cents"], 1000)

    def test_invalid_order_is_a_400_naming_the_field(self):
        status, body = self.request("/quote", {"items": [{"sku": "A"}]})
        self.assertEqual(status, 400)
        self.assertIn("items[0].unit_price_cents", body["error"])

    def test_malformed_json_is_a_400(self):
        status, body = self.request("/quote", raw=b"{not json")
        self.assertEqual(status, 400)
        self.assertIn("invalid JSON", body["error"])

    def test_oversized_body_is_a_413(self):
        status, _ = self.request("/quote", raw=b" " * (MAX_BODY + 1))
        self.assertEqual(status, 413)

    def test_unknown_path_is_a_404(self):
        self.assertEqual(self.request("/nope")[0], 404)

    def test_get_on_quote_is_a_405(self):
        self.assertEqual(self.request("/quote")[0], 405)


if __name__ == "__main__":
    unittest.main()
