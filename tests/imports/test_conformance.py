"""The real files in ../shared/conformance (written by other projects), read in place."""

from pathlib import Path

import pytest

from coffeechat.imports.formats.detect import read_contacts

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
pytestmark = pytest.mark.skipif(
    not CONFORMANCE.exists(), reason="../shared/conformance is not beside the checkout"
)
LIMIT = 100_000_000
# The validator's deliberately broken cards (l0b0/vcard) and the Android export's two
# cards that hold an email address and no name at all.
UNIMPORTABLE = {
    ("John_Doe_ANDROID.vcf", 1),
    ("John_Doe_ANDROID.vcf", 2),
    ("continuation_at_start.vcf", 1),
    ("dot_at_line_start.vcf", 1),
    ("invalid_begin.vcf", 1),
    ("missing_end.vcf", 1),
    ("missing_properties.vcf", 1),
    ("missing_start.vcf", 1),
}
DELIBERATELY_INVALID = {
    "invalid_language_value.vcf",
    "invalid_param_name.vcf",
    "invalid_param_value.vcf",
    "invalid_property_foo.vcf",
    "invalid_value_count_wp.vcf",
    "mismatch_group.vcf",
    "missing_fn.vcf",
    "missing_group.vcf",
    "missing_n.vcf",
    "missing_n_value.vcf",
    "missing_param_value.vcf",
    "missing_photo_param.vcf",
    "missing_version.vcf",
}


def test_every_sound_card_imports_and_every_broken_one_is_named() -> None:
    files = sorted((CONFORMANCE / "vcard").glob("*/*.vcf"))
    assert len(files) > 50
    for path in files:
        parsed = read_contacts(path.read_bytes(), max_bytes=LIMIT)
        assert parsed.format == "vcard", path.name
        for number, record in enumerate(parsed.records, start=1):
            if (path.name, number) in UNIMPORTABLE:
                assert not record.valid and record.problems, (path.name, number)
                continue
            assert record.valid and record.name, (
                path.name,
                number,
                [str(p) for p in record.problems],
            )
            if path.name in DELIBERATELY_INVALID:
                assert record.problems and str(record.problems[0]).startswith("card "), path.name


def test_the_fields_of_well_known_exports_come_through() -> None:
    def first(name: str):  # type: ignore[no-untyped-def]
        return read_contacts(
            next((CONFORMANCE / "vcard").glob(f"*/{name}")).read_bytes(), max_bytes=LIMIT
        ).records[0]

    outlook = first("outlook-2007.vcf")
    assert (outlook.organization, outlook.title) == ("TheCompany", "TheJobTitle") and outlook.emails
    thunderbird = first("thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert len(thunderbird.emails) == 5
    iphone = first("John_Doe_IPHONE.vcf")
    assert (iphone.organization, iphone.title) == ("IBM", "Money Counter") and len(iphone.phones) == 7
    tantek = first("01-tantek-basic.vcf")
    assert tantek.name == "Tantek Çelik"


def test_the_synthetic_linkedin_export_reads_every_connection() -> None:
    path = CONFORMANCE / "linkedin" / "synthetic-export" / "Connections.csv"
    parsed = read_contacts(path.read_bytes(), max_bytes=LIMIT)
    assert parsed.format == "linkedin" and len(parsed.records) == 1869
    assert all(r.valid and r.name and r.connected_on for r in parsed.records)
