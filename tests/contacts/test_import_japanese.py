"""`import` of a Japanese iPhone's contacts into a Berlin trip that already has the company (written
"株式会社さくらモビリティ (Sakura Mobility K.K.)"): a name in kanji gets its slug from the card's
phonetic reading, Latin or kana ("suzuki-hanako", not the Chinese reading "ling-mu-hua-zi"), and the
organisation, written in Japanese only, is the existing company, not a second one."""

from __future__ import annotations

import shutil
from pathlib import Path

from fixtures.building import Runner

from generator.cli import main
from generator.content.load import load

BERLIN = Path(__file__).resolve().parent.parent / "fixtures" / "berlin_pfingsten"

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:鈴木 花子
N:鈴木;花子;;;
X-PHONETIC-LAST-NAME:Suzuki
X-PHONETIC-FIRST-NAME:Hanako
ORG:株式会社さくらモビリティ
EMAIL;TYPE=INTERNET,WORK:hanako.suzuki@sakura-mobility.example
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:佐藤 健
N:佐藤;健;;;
X-PHONETIC-LAST-NAME:サトウ
X-PHONETIC-FIRST-NAME:ケン
EMAIL:ken.sato@example.jp
END:VCARD
"""


def test_kanji_names_take_their_reading_and_the_company_is_found_by_its_japanese_name(
    tmp_path: Path,
) -> None:
    content = tmp_path / "trip"
    shutil.copytree(BERLIN, content)
    companies = sorted(p.name for p in (content / "companies").iterdir())
    card = tmp_path / "iphone.vcf"
    card.write_text(CARDS, encoding="utf-8")
    result = Runner().invoke(main, ["import", str(card), "--into", str(content)])
    assert result.exit_code == 0, result.output
    trip = load(content, str(content))
    assert trip.people["suzuki-hanako"].profile.name == "鈴木 花子"
    assert trip.people["suzuki-hanako"].profile.company == "sakura-mobility"
    assert trip.people["satou-ken"].profile.name == "佐藤 健"
    assert sorted(p.name for p in (content / "companies").iterdir()) == companies


TOKYO = Path(__file__).resolve().parent.parent / "fixtures" / "tokyo_golden_week"

CONNECTIONS = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
真理子,井上,https://www.linkedin.com/in/mariko-inoue-4b7a21c9,,株式会社ライトスタック,マネージャー,15 Apr 2027
"""


def test_a_linkedin_export_in_kanji_keeps_the_family_name_first_and_the_company_it_names(
    tmp_path: Path,
) -> None:
    """LinkedIn writes First Name 真理子, Last Name 井上: she was "真理子 井上" in
    zhen-li-zi-jing-shang.yaml, at a second company made of "株式会社ライトスタック"."""
    content = tmp_path / "trip"
    shutil.copytree(TOKYO, content)
    companies = sorted(p.name for p in (content / "companies").iterdir())
    export = tmp_path / "Connections.csv"
    export.write_text(CONNECTIONS, encoding="utf-8")
    result = Runner().invoke(main, ["import", str(export), "--into", str(content)])
    assert result.exit_code == 0, result.output
    trip = load(content, str(content))
    assert trip.people["mariko-inoue"].profile.name == "井上 真理子"
    assert trip.people["mariko-inoue"].profile.company == "lightstack"
    assert sorted(p.name for p in (content / "companies").iterdir()) == companies


def test_a_name_in_another_order_is_pointed_out_not_merged(tmp_path: Path) -> None:
    """LinkedIn's "Takeshi Sasaki" and the trip's "佐々木 剛 (Sasaki Takeshi)" may be one man: the
    report asks, and writes the new file (merging by words in any order could join two people)."""
    content = tmp_path / "trip"
    shutil.copytree(TOKYO, content)
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Takeshi,Sasaki,https://www.linkedin.com/in/takeshi-sasaki-9f2e,,OsakaTech,CTO,02 Mar 2021\n",
        encoding="utf-8",
    )
    result = Runner().invoke(main, ["import", str(export), "--into", str(content), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "did you mean" in result.output and "sasaki-takeshi.yaml" in result.output
    assert "the same names in another order" in result.output
