"""Content keys and bank dates of lines imported before 18.0.1.3.0.

Lines imported from files without bank references carry an import id made of the
journal, the content fingerprint and an occurrence counter (``12-h:<fingerprint>#2``).
Their content key is that id without the counter: later imports find them as lines
that look like a new file's transactions. The bank date of an imported line is its
date (what the bank gave, unless a lock date had moved it, which was not recorded).
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        r"""
        UPDATE account_bank_statement_line
           SET ar_content_key = substring(unique_import_id from '^(\d+-h:[0-9a-f]+)')
         WHERE unique_import_id ~ '^\d+-h:[0-9a-f]+(#\d+)?$'
           AND ar_content_key IS NULL
        """
    )
    cr.execute(
        """
        UPDATE account_bank_statement_line line
           SET ar_bank_date = move.date
          FROM account_move move
         WHERE move.id = line.move_id
           AND line.unique_import_id IS NOT NULL
           AND line.ar_bank_date IS NULL
        """
    )
