from . import ar_manual_application
from . import ar_statement_import
from . import ar_transfer_difference
