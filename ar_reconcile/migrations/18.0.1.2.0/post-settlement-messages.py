"""Settlement explanations as message codes (18.0.1.2.0).

Before, a statement line stored what its settlement does (discounts, tolerance, what
stays open) as English text in ``ar_settlement_summary``. Now it stores message codes in
``ar_settlement_messages`` and the summary is rendered in the reader's language. Each
old text becomes one plain-text message (``settlement.text``), so nothing written before
is lost; the next settlement of the line writes codes.
"""


def migrate_settlement_summaries(cr):
    """The old text column (still in the table, no longer read) becomes a message."""
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'account_bank_statement_line' "
        "AND column_name = 'ar_settlement_summary'"
    )
    if not cr.fetchone():
        return
    cr.execute(
        """
        UPDATE account_bank_statement_line
           SET ar_settlement_messages = jsonb_build_array(jsonb_build_object(
                   'code', 'settlement.text',
                   'params', jsonb_build_object('text', ar_settlement_summary)))
         WHERE ar_settlement_summary IS NOT NULL AND ar_settlement_summary <> ''
           AND ar_settlement_messages IS NULL
        """
    )


def migrate(cr, version):
    if version:
        migrate_settlement_summaries(cr)
