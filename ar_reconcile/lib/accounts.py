"""Bank account numbers compared the way ``res.partner.bank.sanitized_acc_number`` stores them."""

import re


def sanitize_account_number(number):
    return re.sub(r"\W+", "", number or "").upper()
