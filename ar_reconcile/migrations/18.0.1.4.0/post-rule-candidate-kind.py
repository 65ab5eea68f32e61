"""Registered payments as candidates (18.0.1.4.0).

The payment application rules gained the criterion "Candidate" (document, registered
payment or either). The default rules installed before are Business Central's table for
documents: they get "Document", as a new database has them, so that a registered
payment is rated by its own default rules (created by this update) and not by, e.g.,
High "Fully / No / One" of the document table. Rules a user created keep "Not
Considered": they apply to both, as they did to every candidate before.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ar_payment_application_rule rule
           SET candidate_kind = 'document'
          FROM ir_model_data data
         WHERE data.module = 'ar_reconcile'
           AND data.model = 'ar.payment.application.rule'
           AND data.res_id = rule.id
           AND data.name ~ '^rule_(high_([1-9]|1[0-2])|medium_[1-8]|low_[1-5])$'
        """
    )
