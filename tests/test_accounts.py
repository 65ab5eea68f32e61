"""One account-number sanitizer, with the rule of ``res.partner.bank``."""

import pytest
from ar_reconcile_lib.accounts import sanitize_account_number


@pytest.mark.parametrize(
    ("number", "sanitized"),
    [
        ("no93 8601 1117 947", "NO9386011117947"),
        ("NO93-8601.1117/947", "NO9386011117947"),
        ("1234_5678", "1234_5678"),  # Odoo's \W keeps the underscore
        ("øst 12", "ØST12"),  # and letters beyond ASCII
        ("", ""),
        (None, ""),
    ],
)
def test_sanitize_like_res_partner_bank(number, sanitized):
    assert sanitize_account_number(number) == sanitized
