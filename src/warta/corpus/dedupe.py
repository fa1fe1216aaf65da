"""Near-duplicates: the same text published twice (a wire story in several outlets, a re-post
under a new headline), found with MinHash-LSH over word shingles of the clean body.

Each article gets a MinHash signature of the set of its five-word shingles. The signature is cut
into :data:`BANDS` bands of :data:`ROWS` values (datasketch's optimum for a Jaccard threshold of
0.5); articles that agree on a whole band are candidates, and a candidate is a copy when the
signatures estimate a Jaccard similarity of at least :data:`COPY_JACCARD`, or when the shorter
text is almost all inside the longer one (:data:`COPY_CONTAINMENT`: a copy cut short). The band
keys live in the store, so finding the candidates of a new article is an index lookup whatever
the size of the corpus.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

#: Words per shingle: long enough that two articles on one topic share few by chance.
SHINGLE_WORDS = 5
#: Permutations of the MinHash signature.
PERMUTATIONS = 128
#: Estimated Jaccard similarity of two shingle sets above which one text is a copy of the other.
COPY_JACCARD = 0.5
#: Share of the shorter text's shingles found in the longer one above which it is a copy.
COPY_CONTAINMENT = 0.85
#: Shortest body, in shingles, that can be called a copy: a two-line item shares its few
#: sentences with many others.
MIN_SHINGLES = 20

#: Bands and rows per band of the LSH index: datasketch's optimum for a Jaccard threshold of
#: 0.5 and 128 permutations (``MinHashLSH(threshold=0.5, num_perm=128)``; a test checks it).
BANDS = 25
ROWS = 5

_WORD = re.compile(r"\w+")
_SEED = 1
#: MurmurHash3's 32-bit finaliser (shifts and multipliers), which mixes each shingle's hash.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


def _permutations(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations ``h -> a * h + b mod 2^32`` (``a`` odd), as datasketch draws them."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, count, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, count, dtype=np.uint32)
    return a, b


_A, _B = _permutations(PERMUTATIONS, _SEED)
#: A SHA-1 of nothing, copied to hash each shingle (copies share no state: thread-safe).
_SHA1 = hashlib.sha1()


def shingles(paragraphs: Sequence[str]) -> set[bytes]:
    """The five-word shingles of a body, casefolded, punctuation and paragraph breaks ignored."""
    words = _WORD.findall(" ".join(paragraphs).casefold())
    # each shingle's words zipped from the word list shifted (the shifted lists are shorter:
    # the last shingle ends the body), joined and encoded by map: not a slice per shingle (a
    # third less time, for every article analysed)
    shifted = zip(*(words[start:] for start in range(SHINGLE_WORDS)), strict=False)
    return set(map(str.encode, map(" ".join, shifted)))


def signature(parts: set[bytes]) -> np.ndarray:
    """The MinHash signature of a shingle set (:data:`PERMUTATIONS` unsigned 32-bit values).

    The same values as datasketch's ``MinHash(num_perm=128, seed=1)`` (its default scheme since
    2.0: the first four bytes of each shingle's SHA-1, mixed by MurmurHash3's finaliser, through
    affine permutations modulo 2^32), computed without importing datasketch, whose package
    imports SciPy: a second of start-up for every command.
    """
    values = np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32)
    if not parts:
        return values
    # each shingle hashed by a copy of a SHA-1 made once, not by hashlib.sha1(), which finds
    # the algorithm and sets up a new context for every shingle: a tenth less time (395 ns a
    # shingle, from 444), for every article analysed
    digests = []
    for part in parts:
        sha1 = _SHA1.copy()
        sha1.update(part)
        digests.append(sha1.digest()[:4])
    hashed = np.frombuffer(b"".join(digests), dtype="<u4").astype(np.uint32).reshape(-1, 1)
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX32)
    hashed = hashed ^ (hashed >> s1)
    hashed = hashed * m1
    hashed = hashed ^ (hashed >> s2)
    hashed = hashed * m2
    hashed = hashed ^ (hashed >> s3)
    smallest: np.ndarray = np.minimum(values, (hashed * _A + _B).min(axis=0))
    return smallest


def band_keys(values: np.ndarray) -> list[int]:
    """One key per LSH band: two signatures agreeing on a band share its key."""
    # the signature's bytes taken once and cut, not a NumPy slice and copy per band: a third
    # of the time, for every article stored
    signature = values.astype("<u4").tobytes()
    size = ROWS * 4
    keys = []
    for band, person in enumerate(_BAND_PERSONS):
        chunk = signature[band * size : (band + 1) * size]
        digest = hashlib.blake2b(chunk, digest_size=8, person=person).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


#: Each band's hash is personalised by its number, so that equal values in two bands differ.
_BAND_PERSONS = tuple(band.to_bytes(2, "big") for band in range(BANDS))


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity of two shingle sets, estimated from their signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def is_copy(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> bool:
    """Whether two bodies (signatures and shingle counts) are the same text, lightly edited."""
    if min(size_a, size_b) < MIN_SHINGLES:
        return False
    jaccard = estimated_jaccard(a, b)
    if jaccard >= COPY_JACCARD:
        return True
    # |A ∩ B| = J (|A| + |B|) / (1 + J); a short copy of a long text is mostly inside it.
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return shared >= COPY_CONTAINMENT * min(size_a, size_b)
