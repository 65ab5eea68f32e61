{
    "name": "AR Reconcile: Bank Statement Intake and Receivables",
    "summary": "Bank statement import (camt, MT940, OFX, CSV/XLSX), automatic payment "
    "application with explained matches, review and reconciliation, discounts and "
    "payment tolerance, payment registration",
    "version": "18.0.1.4.0",
    "category": "Accounting/Accounting",
    "author": "ar_reconcile",
    "maintainers": ["ar-reconcile"],
    "website": "https://github.com/ar-reconcile/ar_reconcile",
    "license": "LGPL-3",
    "depends": ["account", "mail"],
    "external_dependencies": {
        "python": [
            # RE2, imported as ``re2``: text-mapping patterns run in linear time.
            "google-re2",
            "lxml",
            "mt-940",
            "netsgiro",
            "ofxparse",
            "openpyxl",
            "python-stdnum",
            "rapidfuzz",
        ],
    },
    "data": [
        "security/ar_reconcile_security.xml",
        "security/ir.model.access.csv",
        "data/ar_payment_application_rule_data.xml",
        "data/ir_cron_data.xml",
        "views/account_bank_statement_line_views.xml",
        "views/account_bank_statement_views.xml",
        "wizards/ar_statement_import_views.xml",
        "views/ar_statement_import_job_views.xml",
        "wizards/ar_manual_application_views.xml",
        "wizards/ar_payment_registration_post_views.xml",
        "wizards/ar_bank_reconciliation_status_views.xml",
        "report/ar_bank_reconciliation_status_report.xml",
        "views/ar_payment_registration_views.xml",
        "views/ar_payment_application_rule_views.xml",
        "views/ar_text_mapping_views.xml",
        "views/ar_intercompany_accounting_views.xml",
        "views/ar_statement_import_mapping_views.xml",
        "views/account_journal_views.xml",
        "views/account_move_views.xml",
        "views/account_payment_term_views.xml",
        "views/ar_finance_charge_term_views.xml",
        "views/res_partner_views.xml",
        "views/res_currency_views.xml",
        "views/res_config_settings_views.xml",
        "views/ar_reconcile_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ar_reconcile/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/ar_reconcile_demo.xml",
        "demo/ar_settlement_demo.xml",
    ],
    # Statement files that ar_reconcile_demo.xml attaches to the demo bank journal.
    "oca_data_manual": [
        "demo/demo_statement_camt053.xml",
        "demo/demo_statement_nordic.csv",
    ],
}
