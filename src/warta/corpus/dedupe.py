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
from datasketch import MinHash, MinHashLSH

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

_LSH_SHAPE = MinHashLSH(threshold=COPY_JACCARD, num_perm=PERMUTATIONS)
BANDS: int = _LSH_SHAPE.b
ROWS: int = _LSH_SHAPE.r

_WORD = re.compile(r"\w+")
_SEED = 1


def shingles(paragraphs: Sequence[str]) -> set[bytes]:
    """The five-word shingles of a body, casefolded, punctuation and paragraph breaks ignored."""
    words = _WORD.findall(" ".join(paragraphs).casefold())
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }


def signature(parts: set[bytes]) -> np.ndarray:
    """The MinHash signature of a shingle set (:data:`PERMUTATIONS` unsigned 32-bit values)."""
    minhash = MinHash(num_perm=PERMUTATIONS, seed=_SEED)
    minhash.update_batch(sorted(parts))
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def band_keys(values: np.ndarray) -> list[int]:
    """One key per LSH band: two signatures agreeing on a band share its key."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=band.to_bytes(2, "big")).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


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
