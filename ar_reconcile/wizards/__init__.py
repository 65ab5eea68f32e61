from . import ar_manual_application
from . import ar_statement_import
from . import ar_transfer_difference
from . import ar_payment_registration_post
from . import ar_bank_reconciliation_status
from . import ar_customer_statement_wizard
