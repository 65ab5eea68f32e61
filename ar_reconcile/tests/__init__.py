from . import test_statement_import
from . import test_statement_import_errors
from . import test_statement_import_security
