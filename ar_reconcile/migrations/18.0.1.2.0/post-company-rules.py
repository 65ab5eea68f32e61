"""Payment application rules per company (18.0.1.2.0), after the schema update.

The pre-migration gave every company a copy of the shared rules. A company that had
no rule at all (no shared rule was left and it had none of its own) matched nothing;
it gets the default rules, as a new company does.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Rule = env["ar.payment.application.rule"].with_context(active_test=False)
    with_rules = Rule.search([]).company_id
    (env["res.company"].search([]) - with_rules)._ar_create_missing_default_rules()
