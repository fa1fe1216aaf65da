"""Titles, honorifics and office words that come before names in Indonesian news.

They make a role ("Presiden Rusia", "juru bicara Kremlin", "Menlu"), never part of a person's
canonical name: "Presiden Rusia Vladimir Putin" is the person "Vladimir Putin" in the role
"Presiden Rusia".
"""

from __future__ import annotations

#: Companies' English titles, which business news keeps as they are ("Chief Executive Disney",
#: "Head of Brand Development", "SVP divisi riset di App Annie"): they head a speaker's role
#: phrase after a speech verb as "Direktur" does. They are no :data:`ROLE_WORDS`: those also
#: cut an entity's name, where "Director", "Head" or "VP" inside a company's name as the tagger
#: found it ("PT Angkasa Pura I") split it into a body and a person; nor office words a typo
#: makes (a name such as "Chiefy" is one letter from "chief").
BUSINESS_TITLES: frozenset[str] = frozenset(
    """
    chief head manager director president chairman chairwoman executive officer vp svp evp
    cto cmo cio co-founder cofounder
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Words (lowercased, without a final period) that head a role or are an honorific. Multi-word
#: offices are matched word by word: "juru" "bicara", "wakil" "presiden", "perdana" "menteri".
ROLE_WORDS: frozenset[str] = frozenset(
    """
    presiden wapres wakil menteri menlu menhan mendagri menkeu menko menkopolhukam menkes
    mendikbud menpan kanselir pm raja ratu pangeran putri sultan paus kaisar jubir
    sekretaris sekjen jenderal direktur dirut direktorat ketua ketum kepala gubernur wagub
    bupati wabup walkot walikota camat lurah kades kapolri wakapolri kapolda kapolres
    kapolsek kabareskrim panglima kasad kasal kasau pangdam danrem dandim jaksa jampidsus
    hakim anggota senator dubes konsul komisaris komisioner ceo cfo coo founder pendiri
    pelatih kapten manajer pemimpin pimpinan redaksi pengamat peneliti analis ekonom
    profesor guru dosen rektor dekan bapak ibu pak bu sdr saudara saudari tuan nyonya nona
    mbak mas bang kak dr drs dra prof ir h hj kh habib ustaz ustadz ustazah kiai kyai syekh
    gus romo pendeta mayjen letjen brigjen jenderal laksamana laksdya laksda marsekal marsma
    kolonel letkol mayor kapten lettu letda serka sertu sersan kopral prajurit kombes akbp
    miss mister mr mrs ms sir dame lord lady datuk dato tun syeikh
    kompol akp iptu ipda aiptu aipda bripka brigpol briptu irjen komjen
    """.split()  # noqa: SIM905 - a word list reads better as text
)

#: Role words that begin an office only with the word after them ("juru bicara", "duta besar",
#: "perdana menteri", "wali kota"): on their own they are ordinary words.
ROLE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {("juru", "bicara"), ("duta", "besar"), ("perdana", "menteri"), ("wali", "kota")}
)
_PAIR_HEADS = frozenset(head for head, _ in ROLE_PAIRS)
_PAIR_WORDS = _PAIR_HEADS | {tail for _, tail in ROLE_PAIRS}


def may_be_in_role(word: str) -> bool:
    """Whether a word can be part of a role phrase read backwards from a name: a role word, a
    word of a two-word office ("juru", "bicara"), or a capitalised word ("Luar", "Rusia")."""
    lowered = word.lower().rstrip(".")
    return word[:1].isupper() or lowered in ROLE_WORDS or lowered in _PAIR_WORDS


def role_length(words: list[str]) -> int:
    """How many of the leading ``words`` are role words (titles, offices, honorifics)."""
    count = 0
    while count < len(words):
        word = words[count].lower().rstrip(".")
        if word in _PAIR_HEADS:
            if count + 1 < len(words) and (word, words[count + 1].lower()) in ROLE_PAIRS:
                count += 2
                continue
            break
        if word not in ROLE_WORDS:
            break
        count += 1
    return count


#: Role words that are honorifics and titles of a person, not offices: a place after them
#: ("Bupati Sleman") is the office's, after these it may be the person's given name.
HONORIFICS: frozenset[str] = frozenset(
    """
    bapak ibu pak bu sdr saudara saudari tuan nyonya nona mbak mas bang kak dr drs dra prof ir
    h hj kh habib ustaz ustadz ustazah kiai kyai syekh syeikh gus romo pendeta miss mister mr
    mrs ms sir dame lord lady datuk dato tun
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def is_honorific(word: str) -> bool:
    """Whether a role word is an honorific or a person's title ("dr.", "Ibu"), not an office."""
    return word.lower().rstrip(".") in HONORIFICS
