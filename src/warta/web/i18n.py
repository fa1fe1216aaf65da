"""The pages' words in Indonesian (the default) and English, and dates written for people.

Every string a page shows goes through :func:`translator`; a key missing from the table is a
bug that :mod:`tests.test_web_pages` catches, so the table is the one place to add a language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

from warta.timestamps import DEFAULT_OFFSET, wib_day

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
#: The cookie that keeps a reader's language between pages (a year, like most sites' language
#: choice: long enough that nobody has to pick it again).
LANGUAGE_COOKIE = "warta_lang"
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600

Translate = Callable[..., str]

#: key -> (Indonesian, English). ``{name}`` fields are filled by :func:`translator`.
STRINGS: dict[str, tuple[str, str]] = {
    # layout
    "site.tagline": ("berita daring Indonesia sebagai cerita", "Indonesian online news as stories"),
    "nav.stories": ("Cerita", "Stories"),
    "nav.entities": ("Entitas", "Entities"),
    "nav.quotes": ("Kutipan", "Quotes"),
    "nav.search": ("Cari", "Search"),
    "nav.attention": ("Perhatian", "Attention"),
    "nav.api": ("API", "API"),
    # what a screen reader calls the header's links and a list's pager
    "nav.main": ("Navigasi utama", "Main navigation"),
    "nav.pages": ("Halaman daftar", "Pages of the list"),
    "lang.switch": ("Bahasa", "Language"),
    "skip": ("Langsung ke isi", "Skip to content"),
    # common
    "articles": ("artikel", "articles"),
    # a key's ".one" form is used when n is 1 (English inflects, Indonesian does not)
    "articles.n": ("{n} artikel", "{n} articles"),
    "articles.n.one": ("{n} artikel", "{n} article"),
    "copies.n": ("{n} salinan", "{n} copies"),
    "copies.n.one": ("{n} salinan", "{n} copy"),
    "originals.n": ("{n} asli", "{n} originals"),
    "originals.n.one": ("{n} asli", "{n} original"),
    "mentions": ("sebutan", "mentions"),
    "status.unknown": ("tidak diketahui", "unknown"),
    "stories.n": ("{n} cerita", "{n} stories"),
    "stories.n.one": ("{n} cerita", "{n} story"),
    "entity.appears_with": ("Muncul bersama", "Appears with"),
    "entity.network": (
        "Jaringan entitas di artikel-artikelnya (untuk Gephi, NetworkX)",
        "The network of entities in its articles (for Gephi, NetworkX)",
    ),
    "together.title": ("{a} dan {b}", "{a} and {b}"),
    "together.articles": ("Artikel yang menyebut keduanya", "Articles that mention both"),
    "story.one": ("cerita", "story"),
    "coverage.first": ("Artikel pertama", "First article"),
    "coverage.after": ("Setelah yang pertama", "After the first"),
    # how long after the first article an outlet followed: "+20,6 hari", "+5 jam"
    "coverage.days": ("{n} hari", "{n} d"),
    "coverage.hours": ("{n} jam", "{n} h"),
    "coverage.broke": ("pertama", "first"),
    "coverage.articles": ("Artikel", "Articles"),
    "coverage.copies_of": ("Menyalin", "Copies of"),
    # wires: agencies and the outlets an article says it copies (docs/wires.md)
    "coverage.wires": ("Sumber berita dikutip", "Wires relayed"),
    "nav.outlets": ("Media", "Outlets"),
    "outlets.title": ("Media", "Outlets"),
    "outlets.articles": ("Artikel", "Articles"),
    "outlets.stories": ("Cerita", "Stories"),
    "outlets.copies": ("Salinan", "Copies"),
    "outlets.span": ("Rentang", "Span"),
    # by day, week or month as the span needs (charts.binned): each bar's tooltip says which
    "outlets.volume": ("Artikel dari waktu ke waktu", "Articles over time"),
    "outlets.wires": ("Sumber berita yang paling sering dikutip", "The wires it relays most"),
    "outlets.empty": ("Belum ada media.", "No outlets yet."),
    "outlets.dated": ("{n} artikel bertanggal", "{n} dated articles"),
    "outlets.dated.one": ("{n} artikel bertanggal", "{n} dated article"),
    # live sources
    "nav.sources": ("Sumber", "Sources"),
    "sources.title": ("Sumber yang diikuti", "Sources followed"),
    "sources.intro": (
        "Feed dan sitemap yang dibaca warta fetch dan warta watch, dengan keadaannya.",
        "The feeds and sitemaps warta fetch and warta watch read, with their state.",
    ),
    "sources.empty": (
        "Belum ada sumber yang diikuti. Tambahkan halaman depan portal, feed, atau sitemap:",
        "No source is followed yet. Add a portal's home page, a feed or a sitemap:",
    ),
    "sources.empty.then": (
        "Lalu ambil artikelnya dengan warta fetch, atau ikuti terus dengan warta watch.",
        "Then fetch its articles with warta fetch, or keep following it with warta watch.",
    ),
    "sources.kind": ("Jenis", "Kind"),
    "sources.last_error": ("Galat terakhir", "Last error"),
    "sources.state": ("Keadaan", "State"),
    "sources.state.due": ("aktif, giliran sekarang", "active, due now"),
    "sources.state.waiting": ("aktif", "active"),
    "sources.state.paused": ("dijeda", "paused"),
    "sources.last_fetch": ("Terakhir diambil", "Last fetch"),
    "sources.last_new": ("Artikel baru terakhir", "Last new article"),
    "sources.failures": ("Kegagalan", "Failures"),
    "sources.next_poll": ("Berikutnya", "Next poll"),
    "sources.never": ("belum pernah", "never"),
    "sources.pages": ("halaman", "pages"),
    "sources.disagreeing": ("Tanggal yang tidak cocok", "Dates that disagree"),
    "sources.disagreeing.intro": (
        "Halaman yang bukti tanggal terbitnya saling bertentangan. Waktu terbit diambil dari bukti"
        " terbaik (JSON-LD, tag meta, elemen <time>, feed, URL; teks hanya dibandingkan); bukti"
        " yang berselisih lebih dari satu jam, atau jatuh pada hari lain, ditandai.",
        "Pages whose evidence of their publication date disagrees. The time published comes from"
        " the best evidence (JSON-LD, meta tags, the <time> element, the feed, the URL; the text"
        " is only compared); a piece more than an hour apart from it, or on another day, is"
        " flagged.",
    ),
    "sources.disagreeing.none": (
        "Bukti tanggal setiap halaman yang diambil cocok.",
        "Every page fetched has evidence that agrees on its date.",
    ),
    "sources.disagreeing.all": (
        "Semua {n} halaman dengan tanggal tidak cocok →",
        "All {n} pages whose dates disagree →",
    ),
    "sources.disagreeing.all.one": (
        "Semua {n} halaman dengan tanggal tidak cocok →",
        "The {n} page whose dates disagree →",
    ),
    "sources.all_pages": ("Semua halaman yang diambil →", "Every page fetched →"),
    "fetched.title": ("Halaman yang diambil", "Pages fetched"),
    "fetched.disagreeing": ("Tanggal tidak cocok", "Dates disagree"),
    "fetched.of_source": ("Sumber {id}", "Source {id}"),
    "fetched.at": ("diambil {when}", "fetched {when}"),
    "fetched.from": ("menurut {source}", "from {source}"),
    "fetched.undated": ("Tanggal terbit tidak diketahui", "Publication date unknown"),
    "fetched.empty": ("Tidak ada halaman yang cocok.", "No page matches."),
    "evidence": ("Bukti", "Evidence"),
    "evidence.value": ("Tanggal yang diberikan", "Date given"),
    "evidence.chosen": ("dipilih", "chosen"),
    "evidence.disagrees": ("tidak cocok", "disagrees"),
    "evidence.json-ld": ("JSON-LD (datePublished)", "JSON-LD (datePublished)"),
    "evidence.meta": ("tag meta", "meta tag"),
    "evidence.time-element": ("elemen <time>", "<time> element"),
    "evidence.feed": ("feed atau sitemap", "feed or sitemap"),
    "evidence.url": ("tanggal di URL", "date in the URL"),
    "evidence.text": ("teks halaman", "the page's text"),
    "error.no_outlet": ("Tidak ada artikel dari media {outlet}.", "No article is from {outlet}."),
    "attention.title": ("Perhatian dari waktu ke waktu", "Attention over time"),
    "attention.link": ("Perhatian dari waktu ke waktu", "Attention over time"),
    "attention.compare": ("bandingkan", "compare"),
    "attention.search": ("Pencarian", "Search"),
    "attention.story": ("Cerita", "Story"),
    "attention.interval": ("Per", "By"),
    "attention.by.day": ("hari", "day"),
    "attention.by.week": ("minggu", "week"),
    "attention.by.month": ("bulan", "month"),
    "attention.day": ("{when}", "{when}"),
    "attention.week": ("minggu mulai {when}", "week of {when}"),
    "attention.month": ("bulan mulai {when}", "month from {when}"),
    "attention.show": ("Tampilkan", "Show"),
    "attention.download": ("Unduh angkanya", "Download the counts"),
    "attention.per_outlet": ("per media", "per outlet"),
    "attention.spark_scale": (
        "Grafik kecil per media memakai satu skala: batang tertinggi = {n} artikel.",
        "The small charts per outlet share one scale: the tallest bar is {n} articles.",
    ),
    "attention.spark_scale.one": (
        "Grafik kecil per media memakai satu skala: batang tertinggi = {n} artikel.",
        "The small charts per outlet share one scale: the tallest bar is {n} article.",
    ),
    "attention.no_entity": ("Tidak ada entitas bernama “{name}”.", "No entity is named “{name}”."),
    "attention.none": ("Tidak ada artikel bertanggal.", "No dated articles."),
    "attention.ask": (
        "Bandingkan pencarian, entitas, dan cerita: jumlah artikelnya per hari, minggu, "
        "atau bulan.",
        "Compare searches, entities and stories: their articles per day, week or month.",
    ),
    "mentions.n": ("{n} sebutan", "{n} mentions"),
    "mentions.n.one": ("{n} sebutan", "{n} mention"),
    "outlets": ("Media", "Outlets"),
    "outlet": ("Media", "Outlet"),
    "span": ("Rentang", "Span"),
    "size": ("Ukuran", "Size"),
    "title": ("Judul", "Title"),
    "published": ("Terbit", "Published"),
    "untitled": ("(tanpa judul)", "(untitled)"),
    "unknown": ("tidak diketahui", "unknown"),
    # Atom feeds' titles (web/feeds.py), in the language their ?lang= asks for
    "feed_title.search": ("Warta: pencarian “{q}”", "Warta: search “{q}”"),
    "feed_title.story": ("Warta: cerita #{id}: {title}", "Warta: story #{id}: {title}"),
    "feed_title.entity_articles": (
        "Warta: artikel yang menyebut {name}",
        "Warta: articles mentioning {name}",
    ),
    "feed_title.entity_quotes": ("Warta: kutipan {name}", "Warta: quotes of {name}"),
    "feed_title.speaker_quotes": ("Warta: kutipan {name}", "Warta: quotes of {name}"),
    "feed_title.quotes": ("Warta: kutipan", "Warta: quotes"),
    "none": ("Tidak ada.", "None."),
    "previous": ("← Sebelumnya", "← Previous"),
    "next": ("Berikutnya →", "Next →"),
    "showing.of": ("Menampilkan {first}–{last} dari {total}", "Showing {first}–{last} of {total}"),
    "filter": ("Saring", "Filter"),
    "reset": ("Hapus saringan", "Clear filters"),
    "since": ("Sejak", "Since"),
    "until": ("Sampai", "Until"),
    "entity": ("Entitas", "Entity"),
    "speaker": ("Pembicara", "Speaker"),
    "story": ("Cerita", "Story"),
    "type": ("Jenis", "Type"),
    "all": ("Semua", "All"),
    "export": ("Ekspor", "Export"),
    "export.articles": ("artikel", "articles"),
    "export.timeline": ("linimasa", "timeline"),
    "export.quotes": ("kutipan", "quotes"),
    "export.entities": ("entitas", "entities"),
    "feed": ("Umpan Atom", "Atom feed"),
    "feed.articles": ("Umpan artikel", "Articles feed"),
    "feed.quotes": ("Umpan kutipan", "Quotes feed"),
    "feed.hint": (
        "Ikuti di pembaca umpan: yang baru muncul di atas",
        "Follow in a feed reader: what is new comes first",
    ),
    "original": ("asli", "original"),
    "copy": ("salinan", "copy"),
    "copy.of": ("salinan dari", "copy of"),
    "pinned": ("disematkan", "pinned"),
    "date.format.hint": ("TTTT-BB-HH", "YYYY-MM-DD"),
    # story list
    "stories.title": ("Cerita", "Stories"),
    "stories.newest": ("Terbaru", "Newest"),
    "stories.largest": ("Terbesar", "Largest"),
    "stories.order": ("Urutan", "Order"),
    "stories.ranked": ("Teratas", "Top"),
    "stories.ranked.hint": (
        "Liputan (artikel asli dan media) dan kebaruan",
        "Coverage (original articles and outlets) and recency",
    ),
    "stories.trending": ("Sedang naik", "Trending"),
    "stories.trending.hint": (
        "Paling bertambah dalam 3 hari terakhir sebelum artikel terbaru",
        "Most gaining in the last 3 days before the newest article",
    ),
    "stories.text": ("Teks", "Text"),
    "stories.singles": ("Tampilkan cerita satu artikel", "Show single-article stories"),
    "stories.folded": (
        "{n} cerita satu artikel disembunyikan.",
        "{n} single-article stories are folded away.",
    ),
    "stories.folded.one": (
        "{n} cerita satu artikel disembunyikan.",
        "{n} single-article story is folded away.",
    ),
    "stories.show_singles": ("Tampilkan", "Show them"),
    "stories.recent": ("+{n} dalam 3 hari", "+{n} in 3 days"),
    "stories.empty": ("Tidak ada cerita yang cocok.", "No stories match."),
    "stories.all": ("Lihat daftar cerita", "See the list of stories"),
    "stories.export": (
        "Ekspor artikel dengan saringan ini",
        "Export the articles these filters select",
    ),
    # a story's sparkline: its bars' unit, and the one scale all of the page's share
    "stories.activity.day": (
        "Artikel per hari, pada skala yang sama dengan cerita lain di halaman ini",
        "Articles per day, on the same scale as the other stories on this page",
    ),
    "stories.activity.week": (
        "Artikel per minggu, pada skala yang sama dengan cerita lain di halaman ini",
        "Articles per week, on the same scale as the other stories on this page",
    ),
    "stories.activity.month": (
        "Artikel per bulan, pada skala yang sama dengan cerita lain di halaman ini",
        "Articles per month, on the same scale as the other stories on this page",
    ),
    "stories.spark_scale": (
        "Grafik kecil: artikel per hari (per minggu atau bulan untuk cerita panjang), semua"
        " pada satu skala: batang tertinggi = {n} artikel.",
        "Small charts: articles per day (per week or month for long stories), all on one"
        " scale: the tallest bar is {n} articles.",
    ),
    "stories.spark_scale.one": (
        "Grafik kecil: artikel per hari (per minggu atau bulan untuk cerita panjang), semua"
        " pada satu skala: batang tertinggi = {n} artikel.",
        "Small charts: articles per day (per week or month for long stories), all on one"
        " scale: the tallest bar is {n} article.",
    ),
    # story page
    "story.summary": ("Ringkasan", "Summary"),
    "story.timeline": ("Linimasa", "Timeline"),
    "story.background": ("Latar belakang", "Background"),
    "story.background.note": (
        "Tanggal jauh di luar rentang cerita.",
        "Dates far outside the story's span.",
    ),
    "story.events": ("Peristiwa", "Events"),
    "story.quotes": ("Kutipan menurut pembicara", "Quotes by speaker"),
    "story.entities": ("Entitas", "Entities"),
    "story.coverage": ("Liputan menurut media", "Coverage by outlet"),
    "story.articles": ("Artikel", "Articles"),
    "story.sources": ("Sumber", "Sources"),
    "story.no_summary": ("Belum ada ringkasan.", "No summary yet."),
    "story.no_timeline": ("Tidak ada tanggal dalam cerita ini.", "No dates in this story."),
    "story.cite": ("sumber {n}: {title}", "source {n}: {title}"),
    "story.more_sources": ("dan {n} sumber lain", "and {n} more sources"),
    "story.more_sources.one": ("dan {n} sumber lain", "and {n} more source"),
    # timeline
    "status.happened": ("terjadi", "happened"),
    "status.planned": ("direncanakan", "planned"),
    "flag.was-planned": ("semula direncanakan", "was planned"),
    "flag.weekday-conflict": ("hari dan tanggal tidak cocok", "weekday and date disagree"),
    "flag.background": ("latar belakang", "background"),
    "flag.status-unknown": ("status tidak diketahui", "status unknown"),
    # a date mention's flags (analyze/dates.py, corpus/anchor.py)
    "flag.year-inferred": ("tahun disimpulkan", "year inferred"),
    "flag.relative": ("relatif", "relative"),
    "flag.week": ("pekan", "week"),
    "flag.quoted": ("dalam kutipan", "in a quote"),
    "flag.no-reference": ("tanpa acuan", "no reference"),
    "flag.reference-from-corpus": ("acuan dari artikel lain", "reference from other articles"),
    "legend": ("Keterangan", "Legend"),
    "legend.happened": ("terjadi", "happened"),
    "legend.planned": ("direncanakan (belum terjadi)", "planned (not yet happened)"),
    "legend.was_planned": ("direncanakan, lalu terjadi", "planned, then happened"),
    "legend.published": ("artikel terbit", "articles published"),
    "legend.originals": ("artikel asli", "original articles"),
    "legend.copies": ("salinan", "copies"),
    # article page
    "article.meta": ("Keterangan artikel", "About this article"),
    "article.url": ("Alamat", "URL"),
    "article.author": ("Penulis", "Author"),
    "article.dateline": ("Dateline", "Dateline"),
    "article.title_from": ("Judul", "Title"),
    "article.title_from.url": ("diturunkan dari alamat (URL)", "derived from the URL"),
    "article.title_from.first sentence": (
        "diturunkan dari kalimat pertama",
        "derived from the first sentence",
    ),
    "article.text_form": ("Teks masukan", "Input text"),
    "article.text_form.tokenised": (
        "tertokenisasi, dibaca sebagai teks biasa",
        "tokenised, read as written text",
    ),
    "article.text_form.spaced-quotes": (
        "tanda kutip berspasi, dibaca sebagai teks biasa",
        "spaced quote marks, read as written text",
    ),
    "article.story": ("Cerita", "Story"),
    "article.not_before": ("tidak sebelum {date}", "not before {date}"),
    "article.sources": ("Sumber yang dikutip", "Cited sources"),
    "article.photo_credits": ("Kredit foto", "Photo credits"),
    "article.captions": ("Keterangan foto", "Captions"),
    "article.text": ("Teks bersih", "Clean text"),
    "article.removed": (
        "Yang dibuang saat pembersihan ({n})",
        "What cleaning removed ({n})",
    ),
    "article.removed.reason": ("alasan", "reason"),
    "article.removed.none": ("Pembersihan tidak membuang apa pun.", "Cleaning removed nothing."),
    "article.quotes": ("Kutipan", "Quotes"),
    "article.dates": ("Tanggal", "Dates"),
    "article.entities": ("Entitas", "Entities"),
    "article.show": ("Tandai", "Highlight"),
    "hl.quote": ("kutipan", "quote"),
    "hl.date": ("tanggal", "date"),
    "hl.date.planned": ("tanggal rencana", "planned date"),
    "quote.kind.direct": ("langsung", "direct"),
    "quote.kind.partial": ("sebagian", "partial"),
    "quote.kind.indirect": ("tidak langsung", "indirect"),
    "quote.by": ("{speaker}", "{speaker}"),
    "quote.unknown_speaker": ("(pembicara tidak diketahui)", "(speaker unknown)"),
    # entity types
    "type.PERSON": ("orang", "person"),
    "type.ORG": ("organisasi", "organisation"),
    "type.LOC": ("tempat", "place"),
    "type.EVENT": ("peristiwa", "event"),
    "type.MISC": ("lainnya", "other"),
    # entities
    "entities.title": ("Entitas", "Entities"),
    "entities.empty": ("Tidak ada entitas yang cocok.", "No entities match."),
    "entities.all": ("Lihat daftar entitas", "See the list of entities"),
    "entities.name": ("Nama", "Name"),
    "entity.aliases": ("Nama lain", "Also written"),
    "entity.activity": ("Sebutan dari waktu ke waktu", "Mentions over time"),
    "entity.no_activity": ("Tidak ada artikel bertanggal.", "No dated articles."),
    "entity.quotes": ("Kutipan", "Quotes"),
    "entity.stories": ("Cerita", "Stories"),
    "entity.all_quotes": ("Semua kutipan {name}", "All quotes of {name}"),
    # quotes
    "quotes.title": ("Kutipan", "Quotes"),
    "quotes.empty": ("Tidak ada kutipan yang cocok.", "No quotes match."),
    "quotes.kind": ("Jenis kutipan", "Kind of quote"),
    # search
    "search.title": ("Cari", "Search"),
    "search.placeholder": (
        'kata atau "frasa persis", mis. Jenewa',
        'words or "exact phrase", e.g. Geneva',
    ),
    "search.button": ("Cari", "Search"),
    "search.total": ("{n} artikel ditemukan", "{n} articles found"),
    "search.total.one": ("{n} artikel ditemukan", "{n} article found"),
    "search.ranked": (
        "(diurutkan dari {n} artikel tersimpan terakhir)",
        "(ranked among the {n} stored last)",
    ),
    "search.empty": ("Tidak ada artikel yang cocok.", "No articles match."),
    "search.hint": (
        "Ketik kata untuk mencari di semua artikel.",
        "Type words to search every article.",
    ),
    "search.facets": ("Persempit", "Narrow down"),
    "search.facet_base": ("Dihitung dari {n} hasil teratas.", "Counted over the best {n} results."),
    "search.remove": ("hapus saringan {name}", "remove filter {name}"),
    "facet.outlet": ("Media", "Outlet"),
    "facet.month": ("Bulan", "Month"),
    "facet.story": ("Cerita", "Story"),
    "facet.entity": ("Entitas", "Entity"),
    "facet.speaker": ("Pembicara", "Speaker"),
    "search.unavailable": (
        "Pencarian belum tersedia di server ini.",
        "Search is not available on this server yet.",
    ),
    # errors
    "error.title": ("Galat {status}", "Error {status}"),
    "error.back": ("Kembali ke daftar cerita", "Back to the stories"),
    "error.not_found": ("Halaman tidak ditemukan", "Page not found"),
    "error.bad_request": ("Permintaan tidak valid", "Bad request"),
    "error.server": ("Galat server", "Server error"),
    "error.no_story": ("Tidak ada cerita {id}.", "There is no story {id}."),
    "error.no_article": ("Tidak ada artikel {id}.", "There is no article {id}."),
    "error.no_entity": ("Tidak ada entitas {id}.", "There is no entity {id}."),
    "error.bad_date": (
        "{name}: {value!r} bukan tanggal (pakai TTTT-BB-HH).",
        "{name}: {value!r} is not a date (use YYYY-MM-DD).",
    ),
    "error.bad_story": (
        "story: {value!r} bukan nomor cerita.",
        "story: {value!r} is not a story number.",
    ),
    "error.bad_type": (
        "type: {value!r} bukan jenis entitas (pilih salah satu: {types}).",
        "type: {value!r} is not an entity type (one of: {types}).",
    ),
    "error.bad_kind": (
        "kind: {value!r} bukan jenis kutipan (pilih salah satu: {kinds}).",
        "kind: {value!r} is not a kind of quote (one of: {kinds}).",
    ),
    # what Starlette says in English for a status, said again (web/page_errors.py)
    "error.status.404": (
        "Tidak ada halaman di alamat ini; periksa alamatnya.",
        "There is no page at this address; check it.",
    ),
    "error.status.405": (
        "Alamat ini tidak menerima permintaan {method}.",
        "This address does not take {method} requests.",
    ),
    "error.internal": (
        "Galat internal ({name}): ini kesalahan Warta, mohon laporkan.",
        "Internal error ({name}): a bug in Warta, please report it.",
    ),
    "error.busy": (
        "Basis data sedang dipakai oleh proses lain. Coba lagi dalam {seconds} detik.",
        "Another process is writing to the database. Try again in {seconds} seconds.",
    ),
    "error.number_too_large": (
        "Sebuah angka dalam permintaan terlalu besar.",
        "A number in the request is too large.",
    ),
    "error.invalid": ("{name}: “{value}” tidak valid.", "{name}: “{value}” is not valid."),
    "error.invalid.choice": (
        "{name}: “{value}” tidak dikenal (pilih salah satu: {choices}).",
        "{name}: “{value}” is not known (one of: {choices}).",
    ),
    "error.invalid.integer": (
        "{name}: “{value}” bukan bilangan bulat.",
        "{name}: “{value}” is not a whole number.",
    ),
    "error.invalid.boolean": (
        "{name}: “{value}” bukan true atau false.",
        "{name}: “{value}” is not true or false.",
    ),
    "error.invalid.at_least": ("{name}: paling kecil {limit}.", "{name}: at least {limit}."),
    "error.invalid.at_most": ("{name}: paling besar {limit}.", "{name}: at most {limit}."),
    # a query over one of Warta's bounds (errors.OverLimit)
    "refused.empty_query": (
        "Tidak ada yang dicari: tulis sedikitnya satu kata atau “frasa” yang tidak dikecualikan"
        " dengan tanda minus.",
        "Nothing to search for: give at least one word or “phrase” that is not excluded with a"
        " minus sign.",
    ),
    "refused.query_too_long": (
        "Pencarian terlalu panjang ({given} karakter; paling banyak {limit}).",
        "The search is too long ({given} characters; at most {limit}).",
    ),
    "refused.too_many_terms": (
        "Terlalu banyak kata dalam pencarian (paling banyak {limit}).",
        "Too many terms in the search (at most {limit}).",
    ),
    "refused.too_many_series": (
        "Paling banyak {limit} pencarian, entitas dan cerita sekaligus.",
        "At most {limit} searches, entities and stories at once.",
    ),
    "refused.too_many_periods.day": (
        "Lebih dari {limit} hari antara artikel pertama dan terakhir: tampilkan per minggu atau"
        " per bulan, atau isi Sejak dan Sampai.",
        "More than {limit} days between the first and the last article: show by week or month,"
        " or fill in Since and Until.",
    ),
    "refused.too_many_periods.week": (
        "Lebih dari {limit} minggu antara artikel pertama dan terakhir: tampilkan per bulan,"
        " atau isi Sejak dan Sampai.",
        "More than {limit} weeks between the first and the last article: show by month, or"
        " fill in Since and Until.",
    ),
    "refused.too_many_periods.month": (
        "Lebih dari {limit} bulan antara artikel pertama dan terakhir: isi Sejak dan Sampai.",
        "More than {limit} months between the first and the last article: fill in Since and Until.",
    ),
}

MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
LONG_MONTHS = {
    "id": (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
        "Oktober", "November", "Desember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
}  # fmt: skip

#: Dates kept written out: a story page of 500 articles repeats a few hundred distinct ones.
READABLE_CACHE = 8192

#: Indonesian time zones by UTC offset, as portals write them after a time.
ZONES = {"+07:00": "WIB", "+08:00": "WITA", "+09:00": "WIT", "+00:00": "UTC"}
INDONESIAN_ZONES = ("WIB", "WITA", "WIT")


def pick_language(value: str | None) -> str:
    """A supported language code, the default for anything else."""
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


#: The character that groups a number's thousands: Indonesian writes 13.272, English 13,272.
THOUSANDS = {"id": ".", "en": ","}


def readable_number(value: int, lang: str) -> str:
    """A count as the page's language writes it: ``13.272`` (Indonesian), ``13,272`` (English).

    The one place the pages format a number, so that a table, a pager and a sentence agree."""
    return f"{value:,}".replace(",", THOUSANDS[pick_language(lang)])


def translator(lang: str) -> Translate:
    """``t(key, **fields)`` in ``lang``; an unknown key shows itself, so it is noticed.

    An ``int`` field is a count and is written with :func:`readable_number`; an id shown in a
    sentence is passed as text, as it is not a quantity (``Sumber 1234``, not ``Sumber 1.234``).
    """
    lang = pick_language(lang)
    index = LANGUAGES.index(lang)

    def translate(key: str, **fields: object) -> str:
        entry = STRINGS.get(key)
        if entry is None:
            return key
        if fields.get("n") == 1:
            entry = STRINGS.get(key + ".one", entry)
        if not fields:
            return entry[index]
        written = {
            name: readable_number(value, lang)
            if isinstance(value, int) and not isinstance(value, bool)
            else value
            for name, value in fields.items()
        }
        return entry[index].format(**written)

    return translate


@lru_cache(maxsize=READABLE_CACHE)
def readable_date(value: str | None, lang: str, *, time: bool = True) -> str:
    """An ISO date or time as people write it: ``7 Des 2021 02.00 WIB`` (Indonesian),
    ``7 Dec 2021 02:00 WIB`` (English); ``2021-12`` is ``Des 2021``; anything unreadable is
    returned as given."""
    if not value:
        return ""
    months = MONTHS[pick_language(lang)]
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return text
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:7])
            return f"{months[month - 1]} {year}"
        if len(text) == 10:
            day = date.fromisoformat(text)
            return f"{day.day} {months[day.month - 1]} {day.year}"
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (ValueError, IndexError):
        return value
    if moment.tzinfo is not None and _zone(moment) not in INDONESIAN_ZONES:
        # a time stored or given in UTC (or another country's time) is shown in WIB, where
        # Warta counts its days: "7 Feb 2018 19.44 UTC" was the 8th in its story and filters
        moment = moment.astimezone(DEFAULT_OFFSET)
    day_part = f"{moment.day} {months[moment.month - 1]} {moment.year}"
    if not time:
        return day_part
    separator = "." if lang == "id" else ":"
    clock = f"{moment.hour:02d}{separator}{moment.minute:02d}"
    zone = _zone(moment)
    return f"{day_part} {clock} {zone}".rstrip()


def _zone(moment: datetime) -> str:
    delta = moment.utcoffset()
    if delta is None:
        return ""
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    offset = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return ZONES.get(offset, f"UTC{offset}")


def readable_span(first: str | None, last: str | None, lang: str) -> str:
    """A story's span in days: ``6 Des 2021 – 21 Jan 2022`` (one date when both agree)."""
    start = readable_date(wib_day(first), lang)
    end = readable_date(wib_day(last), lang)
    if not start or not end or start == end:
        return start or end
    return f"{start} – {end}"
