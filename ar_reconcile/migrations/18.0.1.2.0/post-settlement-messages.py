"""Settlement summary rendered in the reader's language (18.0.1.2.0).

``ar_settlement_summary`` was a stored text, written in the language of whoever ran the
settlement (the import, the scheduled action); it is now rendered from
``ar_settlement_messages`` when shown. A summary written before stays readable: the old
column (still in the table, no longer read) becomes one plain-text note.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'account_bank_statement_line' "
        "AND column_name = 'ar_settlement_summary'"
    )
    if not cr.fetchone():
        return
    cr.execute(
        SQL(
            """
            UPDATE account_bank_statement_line
               SET ar_settlement_messages = jsonb_build_array(jsonb_build_object(
                       'code', 'matching.note.text',
                       'params', jsonb_build_object('text', ar_settlement_summary)))
             WHERE ar_settlement_summary IS NOT NULL
               AND ar_settlement_summary <> ''
               AND ar_settlement_messages IS NULL
            """
        )
    )
