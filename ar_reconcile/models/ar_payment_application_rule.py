from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib.matching import types

CONFIDENCE_SELECTION = [
    (types.CONFIDENCE_LOW, "Low"),
    (types.CONFIDENCE_MEDIUM, "Medium"),
    (types.CONFIDENCE_HIGH, "High"),
]


class ArPaymentApplicationRule(models.Model):
    """Business Central's payment application rule: a combination of criterion outcomes
    that gives a match its confidence. The best-scoring rule whose criteria all hold
    wins.

    Every rule belongs to one company, and each company has its own copy of the default
    rules (``res.company._ar_create_missing_default_rules``). A rule shared by several
    companies would only be safe if it could be changed solely by someone who manages
    every company using it; Odoo's access model (record rules on the active companies)
    cannot express that, so a Receivables manager of one company could change how the
    payments of another are applied. Per-company rules keep the companies apart.
    """

    _name = "ar.payment.application.rule"
    _description = "Payment Application Rule"
    _order = "score desc, id"

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    match_confidence = fields.Selection(
        CONFIDENCE_SELECTION, required=True, default="medium"
    )
    priority = fields.Integer(
        required=True,
        default=1,
        help="1 to 999; 1 is the strongest rule within its confidence.",
    )
    related_party = fields.Selection(
        [
            (types.NOT_CONSIDERED, "Not Considered"),
            (types.PARTY_FULLY, "Fully"),
            (types.PARTY_PARTIALLY, "Partially"),
            (types.PARTY_NO, "No"),
        ],
        string="Related Party Matched",
        required=True,
        default=types.NOT_CONSIDERED,
    )
    doc_match = fields.Selection(
        [
            (types.NOT_CONSIDERED, "Not Considered"),
            (types.DOC_YES, "Yes"),
            (types.DOC_YES_MULTIPLE, "Yes - Multiple"),
            (types.DOC_NO, "No"),
        ],
        string="Document/Reference Matched",
        required=True,
        default=types.NOT_CONSIDERED,
    )
    amount_match = fields.Selection(
        [
            (types.NOT_CONSIDERED, "Not Considered"),
            (types.AMOUNT_ONE, "One Match"),
            (types.AMOUNT_MULTIPLE, "Multiple Matches"),
            (types.AMOUNT_NONE, "No Matches"),
        ],
        string="Amount incl. Tolerance Matched",
        required=True,
        default=types.NOT_CONSIDERED,
    )
    candidate_kind = fields.Selection(
        [
            (types.NOT_CONSIDERED, "Not Considered"),
            (types.KIND_DOCUMENT, "Document"),
            (types.KIND_PAYMENT, "Registered Payment"),
        ],
        string="Candidate",
        required=True,
        default=types.NOT_CONSIDERED,
        help="What the rule applies to: open items of invoices, credit notes, bills "
        "and refunds (Document), the outstanding items of payments already registered "
        "(Registered Payment), or both.",
    )
    review_required = fields.Boolean(
        help="Lines applied by this rule wait for a clerk to accept them."
    )
    apply_immediately = fields.Boolean(
        help="Stop looking at other candidates for a line as soon as this rule is hit."
    )
    score = fields.Integer(compute="_compute_score", store=True)

    _sql_constraints = [
        (
            "priority_range",
            "CHECK (priority BETWEEN 1 AND 999)",
            "The priority must be between 1 and 999.",
        ),
    ]

    @api.depends("match_confidence", "priority")
    def _compute_score(self):
        for rule in self:
            rule.score = rule._to_engine_rule().score

    @api.depends("match_confidence", "priority")
    def _compute_display_name(self):
        labels = dict(self._fields["match_confidence"]._description_selection(self.env))
        for rule in self:
            rule.display_name = _(
                "%(confidence)s %(priority)s",
                confidence=labels.get(rule.match_confidence, ""),
                priority=rule.priority,
            )

    @api.constrains("match_confidence", "priority", "company_id", "active")
    def _check_unique_priority(self):
        rules = self.filtered("active")
        if not rules:
            return
        others = self.search(
            [
                ("id", "not in", rules.ids),
                ("company_id", "in", rules.company_id.ids),
                ("match_confidence", "in", list(set(rules.mapped("match_confidence")))),
                ("priority", "in", list(set(rules.mapped("priority")))),
            ]
        )
        for rule in rules:
            if any(
                other.match_confidence == rule.match_confidence
                and other.priority == rule.priority
                and other.company_id == rule.company_id
                for other in (others | rules) - rule
            ):
                raise ValidationError(
                    _(
                        "Another %(rule)s rule exists: each priority is used once per "
                        "confidence.",
                        rule=rule.display_name,
                    )
                )

    def _to_engine_rule(self):
        self.ensure_one()
        return types.Rule(
            id=self.id,
            confidence=self.match_confidence,
            priority=self.priority,
            related_party=self.related_party,
            doc_match=self.doc_match,
            amount_match=self.amount_match,
            review_required=self.review_required,
            apply_immediately=self.apply_immediately,
            candidate_kind=self.candidate_kind,
        )

    @api.model
    def _engine_rules(self, company):
        """The engine's rules of ``company``: its own rules only."""
        return [
            rule._to_engine_rule()
            for rule in self.search([("company_id", "=", company.id)])
        ]
