"""Every text of the translation template is translated in Norwegian and Swedish.

A text added to the template (``bin/i18n-update``) without its ``nb`` and ``sv``
translation fails here, and so does a translation that loses a placeholder or a tag:
Odoo would raise or print the raw text to the Nordic clerk.

A text that reads the same in the language ("Bank", "UTF-8") keeps an empty msgstr, as
OCA's ``oca-checks-po`` requires, and says so in a translator comment (``SAME``): it is
translated on purpose, not forgotten.
"""

import pathlib
import re
from collections import Counter

import polib
import pytest

I18N = pathlib.Path(__file__).resolve().parent.parent / "ar_reconcile" / "i18n"
LANGUAGES = ("nb", "sv")
SAME = "Same as the source text."

# printf-style conversions as Odoo's _() formats them: %(name)s, %s, %d, %.2f, %%.
# No space flag: "10 % rabatt" is text, not a conversion.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0+-]?\d*(?:\.\d+)?([sdfir%])")
TAG = re.compile(r"</?([a-zA-Z][\w-]*)")


def _template():
    return polib.pofile(str(I18N / "ar_reconcile.pot"))


def _catalog(lang):
    return polib.pofile(str(I18N / f"{lang}.po"))


def _placeholders(text):
    """Named placeholders as a multiset, positional ones in their order."""
    named, positional = Counter(), []
    for match in PLACEHOLDER.finditer(text):
        name, conversion = match.groups()
        if name:
            named[(name, conversion)] += 1
        else:
            positional.append(match.group())
    return named, positional


def test_template_parses_and_has_texts():
    template = _template()
    assert len(template) > 400, "the template lost most of its texts"
    assert not [e for e in template if e.msgstr], "the template holds translations"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_header(lang):
    metadata = _catalog(lang).metadata
    assert metadata["Language"] == lang
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_of_the_template_is_translated(lang):
    translated = {
        entry.msgid
        for entry in _catalog(lang)
        if not entry.obsolete
        and "fuzzy" not in entry.flags
        and (entry.msgstr.strip() or entry.tcomment.strip() == SAME)
    }
    untranslated = [e.msgid for e in _template() if e.msgid not in translated]
    assert not untranslated, (
        f"{lang}.po has no translation for {len(untranslated)} texts of the template "
        "(run bin/i18n-update, then translate them):\n" + "\n".join(untranslated)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_as_source_is_marked_only_where_it_reads_the_same(lang):
    wrong = [e.msgid for e in _catalog(lang) if e.tcomment.strip() == SAME and e.msgstr]
    assert not wrong, f"{lang}.po: marked {SAME!r} but translated:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_placeholders_and_tags(lang):
    broken = []
    for entry in _catalog(lang):
        if entry.obsolete or not entry.msgstr:
            continue
        if _placeholders(entry.msgid) != _placeholders(entry.msgstr):
            broken.append(f"placeholders: {entry.msgid!r} -> {entry.msgstr!r}")
        if Counter(TAG.findall(entry.msgid)) != Counter(TAG.findall(entry.msgstr)):
            broken.append(f"tags: {entry.msgid!r} -> {entry.msgstr!r}")
    assert not broken, f"{lang}.po:\n" + "\n".join(broken)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_has_no_text_outside_the_template(lang):
    template = {e.msgid for e in _template()}
    stray = [e.msgid for e in _catalog(lang) if e.msgid not in template]
    assert not stray, f"{lang}.po has texts the template lost:\n" + "\n".join(stray)


@pytest.mark.parametrize(
    ("text", "named", "positional"),
    [
        ("%(amount)s stays open", {("amount", "s"): 1}, []),
        ("Difference transferred to %s by %s.", {}, ["%s", "%s"]),
        ("%(what)s %(percent)s %% on %(document)s", 3, ["%%"]),
        ("Amount (± %)", {}, []),
        ("10 % rabatt", {}, []),
    ],
)
def test_placeholder_reader(text, named, positional):
    found_named, found_positional = _placeholders(text)
    if isinstance(named, int):
        assert sum(found_named.values()) == named
    else:
        assert found_named == Counter(named)
    assert found_positional == positional


def test_missing_or_changed_placeholder_is_seen():
    assert _placeholders("%(amount)s står åpent") == _placeholders("%(amount)s stays")
    assert _placeholders("%(beløp)s står åpent") != _placeholders("%(amount)s stays")
    assert _placeholders("%s av %s") != _placeholders("%s by %s by %s")
