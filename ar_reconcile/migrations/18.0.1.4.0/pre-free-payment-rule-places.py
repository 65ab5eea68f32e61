"""Make room for the default rules of registered payments (18.0.1.4.0).

The data file gives the main company the new payment rules at fixed places (confidence
and priority, e.g. High 13-16). Each place is used once per company, so a rule a manager
created at such a place would make the upgrade fail when the data file loads. Such a
rule moves to the first free priority after every default of its confidence; its
criteria and its order among the company's own rules stay as they were, and the log
says which rule moved where.
"""

import logging

from odoo.addons.ar_reconcile.lib.matching.default_rules import (
    DEFAULT_RULES,
    PAYMENT_RULES,
)

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT res_id FROM ir_model_data
         WHERE module = 'base' AND name = 'main_company'
        """
    )
    row = cr.fetchone()
    if not row:
        return
    company_id = row[0]
    places = {(rule.confidence, rule.priority) for rule in PAYMENT_RULES}
    last_default = {}
    for rule in DEFAULT_RULES:
        last_default[rule.confidence] = max(
            last_default.get(rule.confidence, 0), rule.priority
        )
    cr.execute(
        """
        SELECT rule.id, rule.match_confidence, rule.priority
          FROM ar_payment_application_rule rule
     LEFT JOIN ir_model_data imd
            ON imd.model = 'ar.payment.application.rule' AND imd.res_id = rule.id
         WHERE rule.company_id = %s AND imd.id IS NULL
      ORDER BY rule.match_confidence, rule.priority
        """,
        [company_id],
    )
    rules = cr.fetchall()
    used = {(confidence, priority) for _id, confidence, priority in rules}
    for rule_id, confidence, priority in rules:
        if (confidence, priority) not in places:
            continue
        new = max(last_default.get(confidence, 0), priority) + 1
        while (confidence, new) in used:
            new += 1
        used.add((confidence, new))
        cr.execute(
            "UPDATE ar_payment_application_rule SET priority = %s WHERE id = %s",
            [new, rule_id],
        )
        _logger.info(
            "Payment application rule %s moved from %s %s to %s %s: the default rule "
            "of registered payments takes its place.",
            rule_id,
            confidence,
            priority,
            confidence,
            new,
        )
