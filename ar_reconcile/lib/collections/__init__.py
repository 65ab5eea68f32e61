"""Collections without a database: reminder fees and runs, finance charges (interest,
memos, waive / reinstate / reverse) and customer statements with aging.

The Odoo layer reads the partners' open entries in bulk, calls these pure functions and
writes their results in bulk; every refusal and every reason is a message code
(:mod:`.codes`), rendered by ``ar.message``.
"""

from . import codes
from .aging import ALL_ACTIVITY, DEFAULT_BUCKETS, OPEN_ITEMS, aging, statement
from .codes import CODES
from .customer_statements import (
    customer_statements,
    has_content,
    open_on,
    overdue,
    parse_buckets,
)
from .fees import additional_fee, fee_amount, select_fee
from .interest import (
    create_memos,
    entry_interest,
    finance_charge_memo,
    reinstate,
    reverse,
    waive,
)
from .reminders import propose_reminder, run_reminders
from .types import (
    ACCUMULATED_DYNAMIC,
    ALL_ENTRIES,
    CLOSED_ENTRIES,
    OPEN_ENTRIES,
    AVERAGE_DAILY_BALANCE,
    BALANCE_DUE,
    CREDIT_NOTE,
    FIXED,
    INVOICE,
    PAYMENT,
    RANGE_BY_AMOUNT,
    RANGE_BY_DAYS,
    SINGLE_DYNAMIC,
    Adjustment,
    AgingBucket,
    FeeRule,
    FeeTier,
    FinanceChargeAccount,
    FinanceChargeMemo,
    FinanceChargeTerms,
    InterestDetail,
    InterestLine,
    InterestRange,
    InterestRate,
    Movement,
    OpenEntry,
    PartnerAccount,
    ReminderLevel,
    ReminderLine,
    ReminderProposal,
    ReminderTerms,
    RunResult,
    Skipped,
    Statement,
    StatementEntry,
    StatementItem,
    StatementLine,
)
