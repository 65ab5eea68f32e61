"""Format-neutral bank statement records shared by every parser.

Parsers turn a file's bytes into :class:`ParsedStatement` objects and nothing else: no
database, no Odoo. The Odoo layer maps these records onto ``account.bank.statement`` and
``account.bank.statement.line`` in bulk.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from ..messages import Amount, Message, MessageError, msg


class StatementParseError(MessageError):
    """A file that cannot be read as a statement.

    It carries a :class:`~..messages.Message` (``error.message``: a ``statements.*``
    code and its parameters) that the Odoo layer renders for the user.
    """

    @classmethod
    def of(cls, message):
        """The error of an already built :class:`Message`."""
        return cls(message.code, **message.params)


# ISO 4217 minor units of the currencies that do not have 2 decimals.
_CURRENCY_DECIMALS = {
    **dict.fromkeys(
        "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(), 0
    ),
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),
    "CLF": 4,
    "UYW": 4,
}


def currency_decimals(code):
    """The decimals of an ISO 4217 currency (2 unless the standard says otherwise)."""
    return _CURRENCY_DECIMALS.get((code or "").upper(), 2)


def excess_decimals(amount, currency):
    """True when ``amount`` has more (non-zero) decimals than ``currency`` has: such an
    amount is refused, never rounded. False when the currency is unknown ("")."""
    if not currency:
        return False
    quantum = Decimal(1).scaleb(-currency_decimals(currency))
    return amount != amount.quantize(quantum, rounding=ROUND_DOWN)


def fits_float(amount, currency=""):
    """True when ``amount`` survives the ORM's float (a double: 15 significant digits
    are exact) with the currency's decimals: what the Odoo layer must check before it
    writes an amount, since the readers keep every amount exact as a Decimal."""
    digits = len(str(abs(amount)).split(".")[0]) + currency_decimals(currency)
    return (
        amount.is_finite() and digits <= 15 and Decimal(repr(float(amount))) == amount
    )


def check_amounts(statement):
    """Refuse an amount that is no number or has more decimals than the statement's
    currency, naming the transaction (or the balance)."""
    label = statement_label(statement.label())
    currency = statement.currency
    for index, transaction in enumerate(statement.transactions, 1):
        amount = transaction.amount
        if not amount.is_finite():
            raise StatementParseError(
                "statements.amount_not_a_number",
                index=index,
                statement=label,
                value=str(amount),
            )
        if excess_decimals(amount, currency):
            raise StatementParseError(
                "statements.amount_too_precise",
                index=index,
                statement=label,
                value=str(amount),
                currency=currency,
                decimals=currency_decimals(currency),
            )
    for balance in (statement.opening_balance, statement.closing_balance):
        if balance is not None and (
            not balance.is_finite() or excess_decimals(balance, currency)
        ):
            raise StatementParseError(
                "statements.balance_too_precise",
                statement=label,
                value=str(balance),
                currency=currency,
                decimals=currency_decimals(currency),
            )


def check_storable(statement, currency, decimals):
    """Refuse an amount or balance the Odoo layer cannot store exactly in an account
    in ``currency`` (its ISO code) with ``decimals`` decimal places: one that does not
    survive a float (:func:`fits_float`), or one with more decimals than the
    account's currency has there (the readers check ISO 4217's decimals, and only
    when the file names its currency). The error names the transaction (number, date
    and label) or the balance."""
    label = statement_label(statement.label())
    quantum = Decimal(1).scaleb(-decimals)

    def too_precise(amount):
        return amount != amount.quantize(quantum, rounding=ROUND_DOWN)

    for index, transaction in enumerate(statement.transactions, 1):
        amounts = [(transaction.amount, currency)]
        if transaction.foreign_amount is not None:
            amounts.append(
                (transaction.foreign_amount, transaction.foreign_currency or currency)
            )
        for amount, code in amounts:
            params = {
                "index": index,
                "statement": label,
                "date": transaction.date,
                "label": transaction.payment_ref or transaction.partner_name or "/",
                "value": str(amount),
                "currency": code,
            }
            if not fits_float(amount, code):
                raise StatementParseError("statements.amount_beyond_float", **params)
            if code == currency and too_precise(amount):
                raise StatementParseError(
                    "statements.amount_beyond_currency", decimals=decimals, **params
                )
    for balance in (statement.opening_balance, statement.closing_balance):
        if balance is None:
            continue
        params = {"statement": label, "value": str(balance), "currency": currency}
        if not fits_float(balance, currency):
            raise StatementParseError("statements.balance_beyond_float", **params)
        if too_precise(balance):
            raise StatementParseError(
                "statements.balance_too_precise", decimals=decimals, **params
            )


def statement_label(statement_id):
    """A statement's identifier as a message parameter (a text when it has none)."""
    return statement_id or msg("statements.statement_without_id")


@dataclass
class ParsedTransaction:
    """One bank transaction, i.e. one future statement line.

    ``amount`` is signed in the account's currency: positive for money in, negative for
    money out. The sign always comes from the file's credit/debit indicator, never from
    a minus sign guessed elsewhere.
    """

    date: date
    amount: Decimal
    value_date: date | None = None
    payment_ref: str = ""  # the short label shown in lists
    partner_name: str = ""  # counterparty (payer on credits, payee on debits)
    account_number: str = ""  # counterparty IBAN or domestic account number
    counterparty_bic: str = ""
    counterparty_address: str = ""
    ultimate_party_name: str = ""
    remittance_unstructured: str = ""  # all free-text remittance parts joined
    remittance_structured: str = ""  # creditor reference (KID, OCR, RF, QRR, ...)
    structured_ref_type: str = ""  # e.g. SCOR, QRR, ISO (issuer) or a proprietary code
    referred_documents: list = field(
        default_factory=list
    )  # invoice numbers the payer listed
    end_to_end_id: str = ""
    bank_reference: str = (
        ""  # the bank's own reference (AcctSvcrRef, MT940 //ref, FITID)
    )
    instruction_id: str = ""
    mandate_id: str = ""
    bank_transaction_code: str = ""  # e.g. PMNT/RCDT/ESCT, NTRF, or a proprietary code
    additional_info: str = ""  # AddtlNtryInf / AddtlTxInf / posting text
    foreign_amount: Decimal | None = None  # instructed amount when in another currency
    foreign_currency: str = ""
    exchange_rate: Decimal | None = None
    is_reversal: bool = False
    return_reason: str = ""
    # The account's balance after this transaction, when the file states it (a
    # statement sheet's running balance column).
    balance_after: Decimal | None = None
    # The file gave no booking date: ``date`` is the value date.
    date_is_value_date: bool = False
    # The payment run or collection the line belongs to, as the bank reports it
    # (camt Btch/PmtInfId, NbOfTxs, MsgId; MT940 /PREF/): lines of one batch can be
    # matched as a whole.
    batch_payment_info_id: str = ""
    batch_transaction_count: int | None = None
    batch_message_id: str = ""
    # Identity of the transaction at its bank, without the file around it: used to
    # refuse a second import of the same transaction. Parsers fill it with the bank's
    # unique reference when there is one; :func:`assign_import_ids` fills the others
    # from the content.
    unique_id: str = ""

    def details(self):
        """Everything the file carried, as JSON-serialisable data for
        ``transaction_details``."""
        result = {}
        for key, value in asdict(self).items():
            if value in ("", None, [], False):
                continue
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            result[key] = value
        return result


@dataclass
class ParsedStatement:
    """One account's statement (camt ``Stmt``/``Ntfctn``, one MT940 message, one OFX
    account)."""

    file_format: str  # camt.053, camt.054, camt.052, mt940, ofx, csv, xlsx
    transactions: list = field(default_factory=list)
    statement_id: str = ""  # the bank's statement identifier
    account_iban: str = ""
    account_number: str = ""  # other (domestic) account identifier when no IBAN
    currency: str = ""  # ISO code of the account, "" when the file does not say
    date: date | None = None  # statement date (end of the period)
    opening_balance: Decimal | None = None
    closing_balance: Decimal | None = None
    sequence_number: str = ""
    # Set by check_balances(strict=False) when the balances do not add up: closing
    # balance minus (opening balance + transactions), and the refusal it would have
    # been (a Message with the figures), for the import to record.
    source_name: str = ""  # the file inside a ZIP archive the statement came from
    balance_difference: Decimal | None = None
    balance_message: Message | None = None
    # The format always states a closing balance, but this statement has none (a
    # de Volksbank MT940 export whose last message lacks :62F:): nothing proves that
    # no transaction is missing, a question for a manager like a balance mismatch.
    closing_balance_missing: bool = False

    def label(self):
        """What names the statement to a user: its identifier, else its account."""
        return self.statement_id or self.account_iban or self.account_number

    @property
    def computed_closing_balance(self):
        """Opening balance plus the transactions (None without an opening balance)."""
        if self.opening_balance is None:
            return None
        return self.opening_balance + sum(
            (t.amount for t in self.transactions), Decimal(0)
        )

    def check_balances(self, strict=True):
        """Raise when the file's own balances contradict its transactions.

        With ``strict=False`` nothing is raised: :attr:`balance_difference` and
        :attr:`balance_message` tell the contradiction instead.
        """
        self.balance_difference = self.balance_message = None
        total = sum((t.amount for t in self.transactions), Decimal(0))
        currency = self.currency or None
        if self.closing_balance_missing:
            error = StatementParseError(
                "statements.closing_balance_missing",
                statement=statement_label(self.label()),
                opening=Amount(self.opening_balance or Decimal(0), currency),
                total=Amount(total, currency),
                computed=Amount((self.opening_balance or Decimal(0)) + total, currency),
            )
            if strict:
                raise error
            self.balance_message = error.message
            return
        if self.opening_balance is None or self.closing_balance is None:
            return
        computed = self.opening_balance + total
        if computed != self.closing_balance:
            error = StatementParseError(
                "statements.balance_mismatch",
                statement=statement_label(self.label()),
                opening=Amount(self.opening_balance, currency),
                total=Amount(total, currency),
                computed=Amount(computed, currency),
                closing=Amount(self.closing_balance, currency),
                difference=Amount(self.closing_balance - computed, currency),
            )
            if strict:
                raise error
            self.balance_difference = self.closing_balance - computed
            self.balance_message = error.message


def content_fingerprint(transaction):
    """A stable hash of what identifies a transaction when the bank gives no
    reference."""
    parts = [
        transaction.date.isoformat(),
        str(transaction.amount.normalize() if transaction.amount else Decimal(0)),
        transaction.account_number.replace(" ", "").upper(),
        transaction.partner_name.strip().lower(),
        transaction.end_to_end_id,
        transaction.remittance_structured,
        " ".join(transaction.remittance_unstructured.split()).lower(),
        " ".join(transaction.payment_ref.split()).lower(),
    ]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def assign_import_ids(statements):
    """Give every transaction a unique id, stable across re-imports of the same data.

    Bank references are kept (made unique within the file if a bank repeats one, as
    happens for batch details). Transactions without one get a content hash plus an
    occurrence counter, so two identical payments on one day stay two lines while the
    same file (or an overlapping one) imported again yields the same ids.
    """
    seen = {}
    for statement in statements:
        for transaction in statement.transactions:
            base = transaction.unique_id or "h:" + content_fingerprint(transaction)
            count = seen.get(base, 0)
            seen[base] = count + 1
            transaction.unique_id = base if not count else "%s#%d" % (base, count + 1)
    return statements
