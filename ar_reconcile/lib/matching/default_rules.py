"""The default payment application rules: Business Central's table, with its quirks
fixed.

Source: BC ``InsertDefaultMatchingRules`` (reference bc-receivables.md section 2.2).
Each row names the BC rule it comes from. Deviations from BC:

* BC High 1 (Direct Debit Collection Matched = Yes) is left out: the engine has no
  direct-debit criterion (SEPA collections are reconciled from their own return files).
* BC Medium 6, "no related party + document Yes + one amount match", becomes High 9. In
  BC the same situation with *multiple* amount matches is High (H10), so a reference
  plus the only amount in the window scored lower than a reference plus an ambiguous
  amount. A referenced document whose amount is also the only one in the window is as
  certain as it gets without knowing the payer (a parent company paying a subsidiary's
  invoice, a payer's new account).
* The rest are renumbered without gaps inside each confidence; the relative order is
  BC's.

Review Required is set for every Medium and Low rule and never for High, Apply
Immediately on the three rules BC marks besides the direct-debit one.

These rules are for documents (invoices, credit notes, bills, refunds). Registered
payments waiting on an outstanding account have rules of their own, after BC's table
within each confidence (BC's Bank Account Reconciliation matches bank ledger entries
apart from its payment application rules): a payment's own reference (number, payment
reference, memo, check number, batch) with the only amount in the window is High
whoever the line names, with several amounts in the window when the partner is
identified too (as BC H3 and H5); a payment of the identified partner without any
reference is only Medium, since another payment of the same amount would look the
same.
"""

from .types import (
    AMOUNT_MULTIPLE as MULTIPLE,
)
from .types import (
    AMOUNT_NONE,
    CONFIDENCE_HIGH,
    CONFIDENCE_LOW,
    CONFIDENCE_MEDIUM,
    DOC_NO,
    DOC_YES,
    KIND_DOCUMENT,
    KIND_PAYMENT,
    PARTY_NO,
    Rule,
)
from .types import (
    AMOUNT_ONE as ONE,
)
from .types import (
    DOC_YES_MULTIPLE as YES_MULTIPLE,
)
from .types import (
    NOT_CONSIDERED as NC,
)
from .types import (
    PARTY_FULLY as FULLY,
)
from .types import (
    PARTY_PARTIALLY as PARTIALLY,
)

_IMMEDIATE = {
    (FULLY, YES_MULTIPLE, ONE),
    (FULLY, YES_MULTIPLE, MULTIPLE),
    (FULLY, DOC_YES, ONE),
}

# (confidence, [(related party, document, amount)] in priority order)
_TABLE = (
    (
        CONFIDENCE_HIGH,
        [
            (FULLY, YES_MULTIPLE, ONE),  # BC H2
            (FULLY, YES_MULTIPLE, MULTIPLE),  # BC H3
            (FULLY, DOC_YES, ONE),  # BC H4
            (FULLY, DOC_YES, MULTIPLE),  # BC H5
            (PARTIALLY, YES_MULTIPLE, ONE),  # BC H6
            (PARTIALLY, YES_MULTIPLE, MULTIPLE),  # BC H7
            (PARTIALLY, DOC_YES, ONE),  # BC H8
            (FULLY, DOC_NO, ONE),  # BC H9
            (PARTY_NO, DOC_YES, ONE),  # BC M6, promoted (see module docstring)
            (PARTY_NO, DOC_YES, MULTIPLE),  # BC H10
            (PARTY_NO, YES_MULTIPLE, ONE),  # BC H11
            (PARTY_NO, YES_MULTIPLE, MULTIPLE),  # BC H12
        ],
    ),
    (
        CONFIDENCE_MEDIUM,
        [
            (FULLY, YES_MULTIPLE, NC),  # BC M1
            (FULLY, DOC_YES, NC),  # BC M2
            (FULLY, DOC_NO, MULTIPLE),  # BC M3
            (PARTIALLY, YES_MULTIPLE, NC),  # BC M4
            (PARTIALLY, DOC_YES, NC),  # BC M5
            (PARTY_NO, YES_MULTIPLE, NC),  # BC M7
            (PARTIALLY, DOC_NO, ONE),  # BC M8
            (PARTY_NO, DOC_YES, NC),  # BC M9
        ],
    ),
    (
        CONFIDENCE_LOW,
        [
            (FULLY, DOC_NO, AMOUNT_NONE),  # BC L1
            (PARTIALLY, DOC_NO, MULTIPLE),  # BC L2
            (PARTIALLY, DOC_NO, AMOUNT_NONE),  # BC L3
            (PARTY_NO, DOC_NO, ONE),  # BC L4
            (PARTY_NO, DOC_NO, MULTIPLE),  # BC L5
        ],
    ),
)

# Registered payments: (confidence, [(related party, document, amount)]), numbered on
# from the document rules of the same confidence.
_PAYMENT_TABLE = (
    (
        CONFIDENCE_HIGH,
        [
            (NC, YES_MULTIPLE, ONE),  # several payments of one partner, e.g. a batch
            (NC, DOC_YES, ONE),
            (FULLY, YES_MULTIPLE, MULTIPLE),  # as BC H3 and H5 for documents
            (FULLY, DOC_YES, MULTIPLE),
        ],
    ),
    (
        CONFIDENCE_MEDIUM,
        [
            (FULLY, DOC_NO, ONE),  # amount and partner, no reference
            (NC, YES_MULTIPLE, NC),
            (NC, DOC_YES, NC),
        ],
    ),
    (
        CONFIDENCE_LOW,
        [
            (FULLY, DOC_NO, MULTIPLE),
            (PARTIALLY, DOC_NO, ONE),
        ],
    ),
)


def _rules(table, kind, first=None):
    return [
        Rule(
            id=f"{confidence}_{priority}",
            confidence=confidence,
            priority=priority,
            related_party=party,
            doc_match=doc,
            amount_match=amount,
            review_required=confidence != CONFIDENCE_HIGH,
            apply_immediately=kind == KIND_DOCUMENT
            and (party, doc, amount) in _IMMEDIATE,
            candidate_kind=kind,
        )
        for confidence, rows in table
        for priority, (party, doc, amount) in enumerate(
            rows, start=(first or {}).get(confidence, 1)
        )
    ]


DOCUMENT_RULES = _rules(_TABLE, KIND_DOCUMENT)
PAYMENT_RULES = _rules(
    _PAYMENT_TABLE,
    KIND_PAYMENT,
    first={confidence: len(rows) + 1 for confidence, rows in _TABLE},
)
DEFAULT_RULES = DOCUMENT_RULES + PAYMENT_RULES
