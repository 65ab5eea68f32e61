"""Application state in its own field (18.0.1.1.0).

Before, ``ar_match_confidence`` held the application state too: "manual" and "accepted"
replaced the confidence. Now ``ar_application_state`` holds the state and the confidence
is only a confidence. Lines applied manually get confidence None (no engine confidence
applies to a clerk's choice); accepted lines get back the confidence of the proposal
they accepted: the rule's, or High - Text Mapping for a text mapping. Lines with an
engine confidence are Proposed; lines with applications but no confidence (a transferred
difference) are Applied Manually.

The evidence texts written before stay readable: ``evidence`` and ``ar_match_details``
are now rendered from messages, so each old text becomes one plain-text note.
"""

from odoo.tools import SQL


def migrate_application_state(cr):
    cr.execute(
        """
        UPDATE account_bank_statement_line line
           SET ar_application_state = CASE
                   WHEN line.ar_match_confidence IN ('manual', 'accepted')
                       THEN line.ar_match_confidence
                   WHEN line.ar_match_confidence <> 'none' THEN 'proposed'
                   WHEN EXISTS (SELECT 1 FROM ar_payment_application app
                                 WHERE app.statement_line_id = line.id)
                       THEN 'manual'
                   ELSE 'none'
               END
        """
    )
    cr.execute(
        """
        UPDATE account_bank_statement_line line
           SET ar_match_confidence = COALESCE(
                   CASE WHEN line.ar_match_confidence = 'accepted' THEN
                       COALESCE(
                           (SELECT rule.match_confidence
                              FROM ar_payment_application_rule rule
                             WHERE rule.id = line.ar_rule_id),
                           (SELECT 'text_mapping' FROM ar_payment_application app
                             WHERE app.statement_line_id = line.id
                               AND app.text_mapping_id IS NOT NULL
                             LIMIT 1)
                       )
                   END,
                   'none')
         WHERE line.ar_match_confidence IN ('manual', 'accepted')
        """
    )


def migrate_evidence_texts(cr):
    """The old text columns (still in the table, no longer read) become notes."""
    for table, text_column, json_column in (
        ("ar_payment_application", "evidence", "evidence_messages"),
        ("account_bank_statement_line", "ar_match_details", "ar_match_messages"),
    ):
        cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            [table, text_column],
        )
        if not cr.fetchone():
            continue
        cr.execute(
            SQL(
                """
                UPDATE %(table)s
                   SET %(json)s = jsonb_build_array(jsonb_build_object(
                           'code', 'matching.note.text',
                           'params', jsonb_build_object('text', %(text)s)))
                 WHERE %(text)s IS NOT NULL AND %(text)s <> '' AND %(json)s IS NULL
                """,
                table=SQL.identifier(table),
                json=SQL.identifier(json_column),
                text=SQL.identifier(text_column),
            )
        )


def migrate(cr, version):
    if version:
        migrate_application_state(cr)
        migrate_evidence_texts(cr)
