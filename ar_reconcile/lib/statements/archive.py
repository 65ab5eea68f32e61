"""ZIP archives of statement files (banks send a day's camt.053 files zipped).

An XLSX workbook is a ZIP too: :func:`is_workbook` tells them apart by the members a
workbook must have. Archives are untrusted input, so reading is bounded: the number of
members, the total uncompressed size (checked against the headers first, then while
reading, for headers that lie) and no archive inside an archive.
"""

import io
import zipfile

from .base import StatementParseError

MAX_MEMBERS = 500
MAX_TOTAL_SIZE = 200 * 1024 * 1024  # uncompressed bytes


def is_zip(data):
    return data[:4] == b"PK\x03\x04"


def is_workbook(data):
    """True for an Office Open XML workbook (XLSX), False for another ZIP."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return True  # damaged: the XLSX reader says what is wrong with it
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def members(data, max_members=MAX_MEMBERS, max_total_size=MAX_TOTAL_SIZE):
    """Yield ``(name, bytes)`` of every file in the archive, in archive order.

    Folders and the ``__MACOSX`` resource forks that macOS adds are skipped; anything
    else that cannot be read refuses the archive (``statements.zip.*``).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise StatementParseError(
            "statements.zip.unreadable", error=str(error)
        ) from None
    with archive:
        infos = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not info.filename.rsplit("/", 1)[-1].startswith("._")
        ]
        if len(infos) > max_members:
            raise StatementParseError(
                "statements.zip.too_many_members", count=len(infos), limit=max_members
            )
        if sum(info.file_size for info in infos) > max_total_size:
            raise StatementParseError(
                "statements.zip.too_large", limit=max_total_size // (1024 * 1024)
            )
        budget = max_total_size
        for info in infos:
            if info.flag_bits & 0x1:
                raise StatementParseError(
                    "statements.zip.encrypted", member=info.filename
                )
            try:
                with archive.open(info) as member:
                    content = member.read(budget + 1)
            except (zipfile.BadZipFile, NotImplementedError, OSError) as error:
                raise StatementParseError(
                    "statements.zip.member_unreadable",
                    member=info.filename,
                    error=str(error),
                ) from None
            budget -= len(content)
            if budget < 0:  # the headers understated the sizes
                raise StatementParseError(
                    "statements.zip.too_large", limit=max_total_size // (1024 * 1024)
                )
            if is_zip(content) and not is_workbook(content):
                raise StatementParseError("statements.zip.nested", member=info.filename)
            yield info.filename, content
