# SPDX-License-Identifier: MIT
"""A small order-quote web service: the example project of shipgate."""

__version__ = "1.0.0"
