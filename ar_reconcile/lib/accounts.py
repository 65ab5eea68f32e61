"""Bank account numbers, compared the way Odoo stores them.

Odoo keeps ``res.partner.bank.sanitized_acc_number`` as the account number without
non-word characters, upper-cased (``odoo/addons/base/models/res_bank.py``). The
statement import and the matching engine look numbers up in that column, so they must
sanitize with exactly the same rule: one function, used everywhere.
"""

import re

_NON_WORD_RE = re.compile(r"\W+")


def sanitize_account_number(number):
    """``number`` as ``sanitized_acc_number`` holds it ("" for no number).

    The rule is Odoo's: ``\\W`` removes spaces, dashes, dots and slashes but keeps
    letters (also non-ASCII ones), digits and ``_``.
    """
    return _NON_WORD_RE.sub("", number or "").upper()
