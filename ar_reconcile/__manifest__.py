{
    "name": "AR Reconcile: Bank Statement Intake and Receivables",
    "summary": "Import camt.053/054, MT940, OFX and mapped CSV/XLSX bank statements, "
    "duplicate-safe, as the base of automatic payment application",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "ar_reconcile",
    "license": "LGPL-3",
    "depends": ["account"],
    "external_dependencies": {
        "python": ["lxml", "mt-940", "ofxparse", "openpyxl", "python-stdnum"],
    },
    "data": [
        "security/ar_reconcile_security.xml",
        "security/ir.model.access.csv",
        "views/account_bank_statement_line_views.xml",
        "views/account_bank_statement_views.xml",
        "wizards/ar_statement_import_views.xml",
        "views/ar_statement_import_mapping_views.xml",
        "views/account_journal_views.xml",
        "views/ar_reconcile_menus.xml",
    ],
    "demo": [
        "demo/ar_reconcile_demo.xml",
    ],
    "installable": True,
    "application": False,
}
