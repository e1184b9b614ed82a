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
