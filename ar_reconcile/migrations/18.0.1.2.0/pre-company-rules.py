"""Payment application rules per company; text mappings approved (18.0.1.2.0).

Before, a rule without a company was shared by every company, and any Receivables
manager of any company could change it. Now every rule belongs to one company: each
shared rule goes to the main company and a copy of it to every other company, so no
company loses a rule and each keeps the rules it matched with. A company's
applications and statement lines that point to a shared rule point to its own copy.

This runs before the schema update, which makes the company required.

Text mappings always had a company (nothing to copy). They get the new approval state;
the mappings that exist were created by those allowed to then and stay applied, so they
are approved (the field's default would make them proposals).
"""

from odoo.tools import SQL


def _main_company(cr):
    cr.execute(
        """
        SELECT res_id FROM ir_model_data
         WHERE module = 'base' AND name = 'main_company' AND model = 'res.company'
        """
    )
    row = cr.fetchone()
    if row:
        return row[0]
    cr.execute("SELECT min(id) FROM res_company")
    return cr.fetchone()[0]


def give_shared_rules_to_each_company(cr):
    cr.execute("SELECT id FROM ar_payment_application_rule WHERE company_id IS NULL")
    shared = [row[0] for row in cr.fetchall()]
    if not shared:
        return
    main = _main_company(cr)
    cr.execute("SELECT id FROM res_company WHERE id <> %s ORDER BY id", [main])
    others = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'ar_payment_application_rule'
           AND column_name NOT IN ('id', 'company_id')
        """
    )
    columns = SQL(", ").join(SQL.identifier(row[0]) for row in cr.fetchall())
    for company in others:
        # One copy per shared rule, and the company's records moved to their copies.
        for rule in shared:
            cr.execute(
                SQL(
                    """
                    INSERT INTO ar_payment_application_rule (%(columns)s, company_id)
                    SELECT %(columns)s, %(company)s
                      FROM ar_payment_application_rule
                     WHERE id = %(rule)s
                    RETURNING id
                    """,
                    columns=columns,
                    company=company,
                    rule=rule,
                )
            )
            copy = cr.fetchone()[0]
            for table, column in (
                ("ar_payment_application", "rule_id"),
                ("account_bank_statement_line", "ar_rule_id"),
            ):
                cr.execute(
                    SQL(
                        "UPDATE %(table)s SET %(column)s = %(copy)s "
                        "WHERE %(column)s = %(rule)s AND company_id = %(company)s",
                        table=SQL.identifier(table),
                        column=SQL.identifier(column),
                        copy=copy,
                        rule=rule,
                        company=company,
                    )
                )
    cr.execute(
        "UPDATE ar_payment_application_rule SET company_id = %s WHERE id = ANY(%s)",
        [main, shared],
    )


def approve_existing_text_mappings(cr):
    cr.execute("ALTER TABLE ar_text_mapping ADD COLUMN IF NOT EXISTS state varchar")
    cr.execute("UPDATE ar_text_mapping SET state = 'approved' WHERE state IS NULL")


def migrate(cr, version):
    if not version:
        return
    give_shared_rules_to_each_company(cr)
    approve_existing_text_mappings(cr)
