"""Small invented corpora for end-to-end tests (no real article text)."""

from __future__ import annotations

from pathlib import Path

ARTICLE_A = (
    " date 2025-05-05 Baku, May 5, AZERTAC\n\n"
    "A delegation from Azerbaijan, led by Deputy Minister of Foreign Affairs Kamran Huseynli, "
    "visited Laos on May 3-4, 2025.\n\n"
    "During the visit, political consultations between the Ministries of Foreign Affairs of "
    "Azerbaijan and Laos were co-chaired by Deputy Minister Huseynli and Lao Deputy Foreign "
    "Minister Sengphet Vongkham.\n\n"
    "Laos Foreign Minister Fommasan also received the delegation on May 4.\n"
)
ARTICLE_B = (
    " date 2025-05-06 MENAFN - Trend News Agency)BAKU, Azerbaijan, May 6. Lao Foreign "
    "Minister Thongvanh Phommasane received Deputy Foreign Minister of Azerbaijan Kamran "
    "Huseynli in Vientiane on May 4, Trend reports.\n\n"
    "The sides discussed cooperation within the Non-Aligned Movement (NAM).\n"
)


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def generated_corpus(folder: Path, count: int, seed: int) -> Path:
    """``count`` generated articles (``bench.corpus``, by ``seed``) and the two hand-written
    ones above, as ``a.txt`` and ``b.txt``: invented text throughout."""
    from communique.bench.corpus import write_corpus as write_generated

    write_generated(folder, count, seed=seed)
    return write_corpus(folder, {"a": ARTICLE_A, "b": ARTICLE_B})


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, by its path there: two packages compared byte for byte."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# A corpus for curation: two spellings of one deputy minister that the rules keep apart
# (Karimov / Kerimli), two deputy ministers whose names sound alike that the rules merge
# (Mammadov / Mamedov), and later articles that name both spellings of the first.
CURATION_ARTICLES = {
    "c1": (
        " date 2025-03-10 Baku, March 10, AZERTAC\n\n"
        "Deputy Minister of Foreign Affairs of Azerbaijan Anar Karimov met with Lao Deputy "
        "Foreign Minister Sengphet Vongkham in Baku on March 10, 2025.\n\n"
        "The sides discussed cooperation in education and tourism.\n"
    ),
    "c2": (
        " date 2025-03-12 MENAFN - Trend News Agency)BAKU, Azerbaijan, March 12. Azerbaijani "
        "Deputy Foreign Minister Anar Kerimli held talks with Ambassador of Laos to Azerbaijan "
        "Khamphao Ernthavanh in Baku on March 11, Trend reports.\n\n"
        "Deputy Minister of Foreign Affairs of Azerbaijan Nijat Mammadov also attended the "
        "talks.\n"
    ),
    "c3": (
        " date 2025-03-15 Baku, March 15, AZERTAC\n\n"
        "Deputy Minister of Foreign Affairs of Azerbaijan Nijat Mamedov met with Lao Deputy "
        "Foreign Minister Sengphet Vongkham in Vientiane on March 14, 2025.\n"
    ),
}


def later_article(day: int) -> str:
    """An article of April ``day`` that names both spellings of the deputy minister."""
    return (
        f" date 2025-04-{day:02d} Baku, April {day}, AZERTAC\n\n"
        "Deputy Minister of Foreign Affairs of Azerbaijan Anar Karimov received Lao Deputy "
        f"Foreign Minister Sengphet Vongkham in Baku on April {day}, 2025. Deputy Minister "
        "Anar Kerimli of Azerbaijan also spoke at the event.\n"
    )
