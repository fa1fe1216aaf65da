"""Words that mark page furniture on Indonesian news portals, not article text.

Each pattern is general (it names what a kind of line says, not a portal's exact wording) and was
checked against the five samples and the IndoSum articles, whose clean text contains none of them.
"""

from __future__ import annotations

import re

#: A related-link cue at the start of a line: "Baca juga:", "Baca:", "Lihat Juga :", "Simak juga",
#: and the placeholder some templates leave where the link was ("Baca_Juga").
RELATED = re.compile(
    r"^(?:baca(?:[\s_]+juga)?|lihat(?:[\s_]+juga)?|simak(?:[\s_]+juga)?|tonton(?:[\s_]+juga)?|"
    r"saksikan(?:[\s_]+juga)?|artikel\s+terkait|berita\s+terkait|related(?:\s+news)?|read\s+also|"
    r"baca\s+selengkapnya|berita\s+lainnya|pilihan\s+editor)\b\s*[:：\-–]?",
    re.IGNORECASE,
)

#: Headings of the link lists portals put under or beside an article, as a whole line:
#: "Terpopuler", "Berita Populer", "Video Pilihan", "Rekomendasi", "Jangan Lewatkan",
#: "Artikel Selanjutnya", "Foto Terkait", "Lainnya di detikNetwork", "Jangan Lewatkan Video
#: Terbaru:", "Kamu Sudah Menonton Video Ini?".
RELATED_HEADING = re.compile(
    r"^(?:(?:berita|artikel|video|foto|topik|konten)\s+)?(?:terpopuler|populer|terkini|terbaru|"
    r"pilihan|rekomendasi|terkait|selanjutnya|berikutnya|lainnya|menarik\s+lainnya)"
    r"(?:\s+(?:hari\s+ini|untuk\s+anda|lainnya))?\s*:?$|"
    r"^(?:jangan\s+lewatkan(?:\s+(?:video|berita|artikel)(?:\s+(?:terbaru|ini|pilihan))?)?|"
    r"rekomendasi(?:\s+untuk\s+anda)?|lainnya\s+di\s+\w+|baca\s+berikutnya|"
    r"artikel\s+menarik\s+lainnya|(?:kamu|anda)\s+sudah\s+(?:menonton|nonton|membaca|baca)\s+"
    r"(?:video|berita|artikel)\s+ini)\s*[:?]?$",
    re.IGNORECASE,
)

#: Prompts to comment, share, follow or install, and advertising markers. Only short lines are
#: judged by these (see MAX_PROMPT_WORDS in clean.py): a long paragraph that happens to say
#: "ikuti" is news.
PROMPT = re.compile(
    r"\b(?:tulis\s+komentar|leave\s+a\s+comment|beri(?:kan)?\s+komentar|komentar\s+anda|"
    r"tanggapan\s+anda|komentari|follow\s+us|ikuti\s+(?:kami|media\s+sosial|akun|berita|saluran|"
    r"langkah|update)|dapatkan\s+(?:aplikasi|berita|update|informasi|notifikasi)|"
    r"(?:download|unduh)\s+(?:aplikasi|app)|play\s*store|app\s*store|google\s+news|"
    r"whatsapp\s+channel|saluran\s+whatsapp|notif(?:ikasi)?\b|bagikan\s+(?:artikel|berita)|"
    r"share\s+(?:this|artikel)|klik\s+di\s*sini|subscribe|berlangganan|copyright|hak\s+cipta|"
    r"all\s+rights\s+reserved)",
    re.IGNORECASE,
)

#: Whole lines that are advertising or loading placeholders.
AD_LINE = re.compile(
    r"^(?:advertisement|iklan|ads?|scroll\s+to\s+(?:continue|resume)(?:\s+with)?\s+content|"
    r"loading\.*|sponsored|konten\s+bersponsor|konten\s+sponsor|memuat\.*|share|bagikan|"
    r"scroll\s+untuk\s+(?:melanjutkan|lanjut)(?:\s+membaca)?|\[gambas:[^\]]*\]|"
    r"lanjutkan\s+membaca\W*|show\s+all|tampilkan\s+semua|next\s+article|"
    r"halaman\s*:?\s*(?:\d+\s*)+(?:show\s+all|selanjutnya|semua)?|"
    r"komentar|halaman\s+(?:selanjutnya|berikutnya|sebelumnya)|berita\s+terkini|"
    r"(?:sukai|suka|like|komentar|bagikan|share)(?:\s*[·•|]\s*(?:sukai|suka|like|komentar|"
    r"bagikan|share))+)$",
    re.IGNORECASE,
)

#: Notices about the article rather than its text: syndication ("Artikel ini telah tayang di
#: TribunJakarta.com dengan judul ..."), disclaimers, and reading prompts ("Selalu update
#: informasi terverifikasi ..."); judged at the start of a line, whatever its length.
NOTICE = re.compile(
    r"^(?:artikel\s+ini\s+(?:telah|sudah)\s+(?:tayang|terbit|dimuat|ditayangkan)|"
    r"disclaimer\s*:|penafian\s*:|selalu\s+update\s+informasi|"
    r"isi\s+komentar\s+(?:sepenuhnya\s+)?(?:adalah\s+|menjadi\s+)?tanggung\s+jawab|"
    r"dilarang\s+(?:keras\s+)?(?:mengambil|mengutip|menyalin|memperbanyak)\s+(?:konten|artikel|isi))",
    re.IGNORECASE,
)

#: The labels of a share or reaction bar, run together in lower case once spaces and
#: punctuation are dropped ("Bagikan · Facebook · Twitter", "Reaksi & KomentarSukaKomentar").
BAR_LABELS = re.compile(
    r"(?:bagikan|share|komentar|komentari|reaksi|sukai|suka|like|tweet|facebook|twitter|x|"
    r"whatsapp|telegram|line|email|linkedin|pinterest|salin|copy|link|tautan|url|cetak|print|"
    r"simpan|dan|ke|via|artikel|ini)+"
)

#: Channels a reader is asked to follow or install; a long prompt names one.
CHANNEL = re.compile(
    r"\b(?:whatsapp|telegram|google\s+news|instagram|facebook|twitter|tiktok|youtube|"
    r"aplikasi|app\s*store|play\s*store|channel|saluran|newsletter|notifikasi)\b",
    re.IGNORECASE,
)
#: The call itself, an imperative opening the line (or "silakan" after a comma): "Simak breaking
#: news ... di WhatsApp Channel", "Yuk, ikuti terus ...", "* Fakta atau Hoaks? ..., silakan
#: WhatsApp ke". Not "Bergabung dengan Ajax sejak 2012, ...": a sentence of news.
CALL_TO_ACTION = re.compile(
    r"^[*•\s-]*(?:yuk,?\s+|mari\s+|jangan\s+lupa\s+)?(?:simak|dapatkan|ikuti|follow|"
    r"gabung(?:lah)?|bergabunglah|download|unduh|install|klik|kunjungi|subscribe|silakan|"
    r"tonton|saksikan)\b|,\s+silakan\b",
    re.IGNORECASE,
)
#: The first words of a line that may open such a call: a set lookup before any regex.
CALL_OPENERS = frozenset(
    {"simak", "dapatkan", "ikuti", "follow", "gabung", "gabunglah", "bergabunglah", "download",
     "unduh", "install", "klik", "kunjungi", "subscribe", "silakan", "tonton", "saksikan", "yuk",
     "yuk,", "mari", "jangan"}
)  # fmt: skip

#: News agencies whose names alone make a source line ("ANADOLU AGENCY | REUTERS").
NEWS_AGENCIES = frozenset(
    {"anadolu agency", "associated press", "bloomberg", "bbc", "cnn", "aljazeera", "al jazeera",
     "kyodo", "yonhap", "dpa", "ria", "interfax", "the guardian", "nytimes", "abc", "nikkei"}
)  # fmt: skip

#: Tag and topic lines.
TAGS = re.compile(r"^(?:tags?|topik|kata\s+kunci|keywords?|label)\s*[:：]", re.IGNORECASE)

#: Byline labels: who wrote the article, and editors and photographers, who did not. Without a
#: colon only "Oleh"/"By" followed by a name alone on the line is a byline ("Oleh karena itu,
#: ..." starts many a sentence): up to five capitalised words and nothing else. Each word is
#: taken whole (``*+``): else a run of capitals that is not a name ("Oleh AAAA...A!") is tried
#: cut into every five pieces, and a line of a few hundred of them takes hours.
AUTHOR_LABEL = re.compile(
    r"^(?:(?:penulis|reporter|pewarta|oleh|kontributor|jurnalis|wartawan|author|by)\s*[:：]\s*"
    r"|(?:oleh|by)\s+(?=(?-i:[A-Z][\w'’.-]*+\s*+){1,5}$))",
    re.IGNORECASE,
)
#: Where the text came from, without a colon: "Sumber berita Theverge.", "Sumber Her World";
#: "Sumber air bersih ..." is a sentence (a capital or "berita", "artikel", "foto" must follow).
SOURCE_LINE = re.compile(r"^(?i:sumber)\s+(?:(?i:berita|artikel|foto|gambar)\b|[A-Z])")
OTHER_CREDIT_LABEL = re.compile(
    r"^(?:editor|penyunting|redaktur|fotografer|foto|video|sumber|source)\s*[:：]\s*",
    re.IGNORECASE,
)

#: Words that start a photo credit: "Foto: Reuters", "(Dok. Humas)", "(ANTARA FOTO/Name)",
#: "(credit: instagram.com/name)".
PHOTO_WORD = re.compile(
    r"^(?:foto|photo|dok\.?|dokumentasi|ilustrasi|sumber\s+foto|credit|kredit)\b", re.I
)

#: Agencies and photo desks whose name alone, in parentheses at the end of a line, is a credit.
PHOTO_AGENCIES = frozenset(
    {
        "afp", "ap", "reuters", "antara", "antara foto", "epa", "getty images", "getty",
        "xinhua", "anadolu", "anadolu agency", "istimewa", "shutterstock", "sputnik", "tass",
        "ria novosti", "kompas", "tempo", "detikcom", "unsplash", "pixabay", "freepik", "bpmi",
        "setpres", "biro pers", "humas",
    }
)  # fmt: skip
