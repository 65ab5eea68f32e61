"""Registered payments as candidates (18.0.1.4.0).

The payment application rules gained the criterion "Candidate" (document, registered
payment or either). The default rules each company has are Business Central's table for
documents: they get "Document", as a new database has them, so that a registered
payment is rated by its own default rules and not by, e.g., High "Fully / No / One" of
the document table. A company's rule is taken for a default when its confidence,
priority and criteria are those of a default document rule; rules a manager made keep
"Not Considered" and apply to both, as they did to every candidate before. Then every
company gets the default rules of registered payments (the main company has them from
the data file already; a place a company's own rule holds is left to it).
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.ar_reconcile.lib.matching.default_rules import DOCUMENT_RULES


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ar_payment_application_rule
           SET candidate_kind = 'not_considered'
         WHERE candidate_kind IS NULL
        """
    )
    for rule in DOCUMENT_RULES:
        cr.execute(
            """
            UPDATE ar_payment_application_rule
               SET candidate_kind = 'document'
             WHERE match_confidence = %s AND priority = %s AND related_party = %s
               AND doc_match = %s AND amount_match = %s
               AND candidate_kind = 'not_considered'
            """,
            [
                rule.confidence,
                rule.priority,
                rule.related_party,
                rule.doc_match,
                rule.amount_match,
            ],
        )
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"].search([])._ar_create_missing_default_rules()
