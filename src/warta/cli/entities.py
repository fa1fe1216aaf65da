"""Commands on named entities: entities, tag."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, cast

import typer

from warta.cli.app import (
    FormatOption,
    LimitOption,
    OffsetOption,
    SinceOption,
    UntilOption,
    app,
    check_output_format,
    handle_errors,
    open_db,
)
from warta.errors import UsageError


@app.command("entities")
@handle_errors
def entities_command(
    fmt: FormatOption = "text",
    entity_type: Annotated[
        str | None, typer.Option("--type", help="PERSON, ORG or LOC (or another type).")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Only the entity with this name or alias.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Count only this outlet's articles.")] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    merge: Annotated[
        tuple[str, str] | None,
        typer.Option(
            metavar="A B",
            help="Correct the entities: B (an id, a name or an alias) is the same entity as A,"
            " now and in later ingests.",
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Correct the entities: NAME is an entity of its own, never another entity's"
            " alias, now and in later ingests.",
        ),
    ] = None,
) -> None:
    """List canonical entities (people, organisations, places) with their aliases, most
    mentioned first; counts are over the articles the filters keep. An alias marked "?" is
    held by another entity too (ambiguous: a lone mention of it goes to neither). With --merge
    or --split, correct them instead."""
    from warta.present.output import (  # noqa: PLC0415
        listed,
        plural,
        terminal_safe,
        write_csv,
        write_json_items,
    )
    from warta.records import EntityQuery  # noqa: PLC0415

    if merge or split:
        _correct(merge, split)
        return
    check_output_format(fmt, ("text", "json", "jsonl", "csv"))
    query = EntityQuery(  # refuses filters that cannot be
        type=entity_type, name=name, since=since, until=until, outlet=outlet,
        limit=limit, offset=offset,
    )  # fmt: skip
    with open_db(must_exist=True) as store:
        found = store.list_entities(query)
        total = store.count_entities(query) if fmt == "text" else 0
    rows = [entity.to_dict() for entity in found]
    if fmt == "text":
        for entity in found:
            shown = [f"{a}?" if a in entity.ambiguous else a for a in entity.aliases]
            aliases = f"  ({', '.join(shown)})" if shown else ""
            typer.echo(
                terminal_safe(
                    f"{entity.type:<7} {entity.canonical}{aliases}:"
                    f" {plural(entity.mentions, 'mention')} in {plural(entity.articles, 'article')}"
                )
            )
        typer.echo(listed(len(found), offset, total, "entities"), err=True)
    elif fmt == "csv":
        for row in rows:
            row["aliases"] = "|".join(cast(list[str], row["aliases"]))
        write_csv(rows, ("id", "type", "canonical", "aliases", "mentions", "articles"), sys.stdout)
    else:
        write_json_items(rows, fmt, sys.stdout)


def _correct(merge: tuple[str, str] | None, split: str | None) -> None:
    """Record a person's correction of the entities and say what it did."""
    from warta.present.output import plural, terminal_safe  # noqa: PLC0415

    if merge and split:
        raise UsageError("give --merge or --split, not both")
    with open_db(must_exist=True) as store:
        if merge:
            keep, gone = (_one_entity(store, given) for given in merge)
            if keep.id == gone.id:
                raise UsageError(f"{merge[0]!r} and {merge[1]!r} are already one entity")
            store.merge_entities(keep.id, gone.id)
            typer.echo(
                terminal_safe(
                    f"entity {gone.id} ({gone.canonical}) merged into"
                    f" entity {keep.id} ({keep.canonical})"
                )
            )
        elif split:
            if not split.strip():
                raise UsageError("--split needs a name")
            touched = store.split_entity_name(split)
            typer.echo(
                terminal_safe(
                    f"{split!r} is an entity of its own;"
                    f" {plural(len(touched), 'article')} indexed again"
                )
            )


def _one_entity(store: Any, given: str) -> Any:
    """The one entity an id, a name or an alias names."""
    from warta.records import EntityQuery  # noqa: PLC0415

    query = EntityQuery(id=int(given)) if given.isdigit() else EntityQuery(name=given)
    found = store.list_entities(query)
    if not found:
        raise UsageError(f"no entity {given!r}")
    if len(found) > 1:
        listed = ", ".join(f"{e.id} ({e.type} {e.canonical})" for e in found[:5])
        raise UsageError(f"{given!r} names several entities; give one's id: {listed}")
    return found[0]


SchemeOption = Annotated[
    str,
    typer.Option(
        "--scheme",
        help="Tag set: nerp (PPL/PLC/IND/EVT/FNB), nergrit (PERSON/PLACE/ORGANISATION), "
        "idner (PER/LOC/ORG) or news (PERSON/LOC/ORG, Warta's own).",
    ),
]


@app.command("tag")
@handle_errors
def tag_command(
    path: Annotated[
        Path, typer.Argument(help="Token-per-line file (first column the token); - for stdin.")
    ],
    scheme: SchemeOption = "news",
) -> None:
    """Tag named entities in a token-per-line file (a blank line between sentences) and write
    token<TAB>tag lines in the scheme's own BIO tags."""
    from warta.lang.id.ner.conll import read_conll  # noqa: PLC0415

    ner = scheme_tagger(scheme)
    with token_lines(path) as lines:
        for sentence in read_conll(lines, tagged=False):
            tags = ner.tag(sentence.tokens)
            sys.stdout.write(
                "".join(f"{t}\t{g}\n" for t, g in zip(sentence.tokens, tags, strict=True))
            )
            sys.stdout.write("\n")


def scheme_tagger(scheme: str) -> Any:
    from warta.lang.id.ner.tagger import SCHEMES, tagger  # noqa: PLC0415

    if scheme not in SCHEMES:
        raise UsageError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    return tagger(scheme)


@contextmanager
def token_lines(path: Path) -> Iterator[Iterator[str]]:
    """The lines of a UTF-8 token-per-line file, or of stdin for ``-``; unreadable or
    undecodable input is a usage error naming it."""
    name = "standard input" if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            yield iter(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="strict"))
            return
        if not path.is_file():
            raise UsageError(
                f"{path}: no such file" if not path.exists() else f"{path}: not a file"
            )
        with path.open(encoding="utf-8") as handle:
            yield handle
    except UnicodeDecodeError as error:
        raise UsageError(f"{name}: not UTF-8 text ({error.reason})") from error
    except BrokenPipeError:  # the output's reader went away (`| head`): not the input's fault
        raise
    except OSError as error:
        raise UsageError(f"{name}: cannot be read ({error.strerror or error})") from error
