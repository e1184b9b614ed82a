"""Stage records as JSON and back, exactly: an ``Article`` or an ``ArticleFacts`` rebuilt
from its JSON is equal (``==``) to the record it was made from.

Two forms: ``to_json`` writes a record as an object of named fields (build records, which
people may read), ``to_row`` as arrays of field values in the fields' order (the cache's
tens of thousands of articles and facts, where names would be most of the bytes and
checking them most of the time to load).

Decoding is driven by the dataclasses' own type hints, so a field added to a record needs
no change here; data that does not fit the hints (a cache entry written by another version
of the records, a truncated file) raises ``RecordError`` and is never half-decoded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from sys import intern
from typing import Any, TypeVar

T = TypeVar("T")
_UNIONS = (typing.Union, types.UnionType)


class RecordError(ValueError):
    """JSON that is not a record of the expected type."""


def to_json(record: Any) -> str:
    """A dataclass record as compact JSON (dates as ISO strings, tuples as lists)."""
    return json.dumps(_plain(record), ensure_ascii=False, separators=(",", ":"))


def from_json(kind: type[T], text: str | bytes) -> T:
    """The record of type ``kind`` that ``to_json`` wrote as ``text``."""
    decoded: T = _decoder(typing.cast(Any, kind))(_loads(text))
    return decoded


def to_row(record: Any) -> str:
    """A dataclass record as compact JSON with each record an array of its ``__init__``
    fields' values, in order (see ``from_row``)."""
    encode = _row_encoder(typing.cast(Any, type(record)))
    return json.dumps(encode(record), ensure_ascii=False, separators=(",", ":"))


def from_row(kind: type[T], text: str | bytes, shared: bool = False) -> T:
    """The record of type ``kind`` that ``to_row`` wrote as ``text``; with ``shared``, each
    of its strings is the one equal string the process shares (``sys.intern``), as it is
    decoded: what ``extract.facts.share_strings`` does to facts afterwards, without making
    the records a second time."""
    decoded: T = _row_decoder(typing.cast(Any, kind), shared)(_loads(text))
    return decoded


def _loads(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError) as error:
        raise RecordError(f"not JSON: {error}") from None


def _row(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_row(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init]
    if isinstance(value, (list, tuple)):
        return [_row(v) for v in value]
    return _plain(value)


@cache
def _row_encoder(kind: Any) -> Callable[[Any], Any]:
    """``_row`` for records of type ``kind``, written out as Python from its type hints (as
    the decoder is): the fields JSON writes as they are (strings, numbers, lists of
    numbers) are taken as they are, the records in them by their own encoders, and only
    the rest (dates, unions of records) go through ``_row``, which looks at each value.
    The same arrays as ``_row``, at a fraction of the cost of asking every value what
    it is."""
    if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
        return _row
    hints = typing.get_type_hints(kind)
    scope: dict[str, Any] = {"row": _row}
    values = []
    for n, f in enumerate(f for f in dataclasses.fields(kind) if f.init):
        hint, items = hints[f.name], _items(hints[f.name])
        value = f"record.{f.name}"
        if _as_is(hint):
            values.append(value)
        elif items is not None and isinstance(items, type) and dataclasses.is_dataclass(items):
            scope[f"item{n}"] = _row_encoder(items)
            values.append(f"[item{n}(x) for x in {value}]")
        elif _record_type(hint) is not None:
            scope[f"record{n}"] = _row_encoder(_record_type(hint))
            values.append(f"(None if {value} is None else record{n}({value}))")
        else:
            values.append(f"row({value})")
    source = f"def encode(record):\n    return [{', '.join(values)}]\n"
    exec(source, scope)  # the source is made above from field names and numbers only
    encode: Callable[[Any], Any] = scope["encode"]
    return encode


def _record_type(hint: Any) -> Any:
    """The record type of a field typed as a record, or as a record or None; else None."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    members = [a for a in args if a is not type(None)] if origin in _UNIONS else [hint]
    if len(members) == 1 and isinstance(members[0], type):
        return members[0] if dataclasses.is_dataclass(members[0]) else None
    return None


def _as_is(hint: Any) -> bool:
    """Whether JSON writes every value of type ``hint`` as ``_row`` would: plain values,
    and lists or tuples (of tuples) of them."""
    if _plain_types(hint) is not None:
        return True
    items = _items(hint)
    if items is not None:
        return _as_is(items)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    return origin is tuple and all(_as_is(a) for a in args)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict) and all(type(k) is str for k in value):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float)):
        return value
    raise TypeError(f"cannot write {type(value).__name__} as a record field")


@cache
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function that turns JSON data into a value of type ``hint``, or raises."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    composite = _composite_decoder(hint, _decoder)
    if composite is not None:
        return composite
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is dict and args[0] is str:
        value = _decoder(args[1])
        return lambda data: {k: value(v) for k, v in _expect(data, dict).items()}
    if origin is typing.Literal:
        return lambda data: data if data in args else _fail(data, hint)
    if hint is dt.date:
        return _date
    if hint is type(None):
        return lambda data: None if data is None else _fail(data, hint)
    if hint in (str, int, float, bool):
        return lambda data: data if type(data) is hint else _fail(data, hint)
    raise TypeError(f"no JSON decoding for {hint!r}")


@cache
def _row_decoder(hint: Any, shared: bool = False) -> Callable[[Any], Any]:
    """``_decoder`` for the rows of ``to_row``: a record is an array of its field values;
    ``shared``: every string interned."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _row_dataclass_decoder(hint, shared)
    composite = _composite_decoder(hint, lambda member: _row_decoder(member, shared))
    if composite is not None:
        return composite
    plain = _decoder(hint)
    if shared and hint is str:
        return lambda data: intern(plain(data))
    return plain


def _composite_decoder(
    hint: Any, decoder: Callable[[Any], Callable[[Any], Any]]
) -> Callable[[Any], Any] | None:
    """The decoder of a union, list or tuple whose members ``decoder`` decodes (the record
    and row forms differ only in how a record is written); None for any other ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in _UNIONS:
        return _union_decoder(args, decoder)
    if origin is list:
        item = decoder(args[0])
        return lambda data: [item(v) for v in _expect(data, list)]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = decoder(args[0])
        return lambda data: tuple([item(v) for v in _expect(data, list)])
    if origin is tuple:
        items = [decoder(a) for a in args]
        return lambda data: tuple(
            f(v) for f, v in zip(items, _expect(data, list, len(items)), strict=True)
        )
    return None


def _plain_types(hint: Any) -> frozenset[type] | None:
    """The types JSON gives a field of type ``hint`` as they are (``str``, ``int | None``),
    checked by type alone on the fast path; None for a field that needs converting."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    members = args if origin in _UNIONS else (hint,)
    if all(member in (str, int, float, bool, type(None)) for member in members):
        return frozenset(members)
    return None


def _items(hint: Any) -> Any:
    """The type of the items of ``list[X]`` or ``tuple[X, ...]``, else None."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list or (origin is tuple and len(args) == 2 and args[1] is Ellipsis):
        return args[0]
    return None


def _row_dataclass_decoder(kind: type, shared: bool = False) -> Callable[[Any], Any]:
    """A record from the array of its field values: the fields JSON gives as they are only
    have their types checked (and, ``shared``, their strings interned), the others are
    converted (dates, records, lists).

    The decoder is written out as Python for ``kind``, one statement per field (as
    ``dataclasses`` writes ``__init__``): a loop over the fields costs more than making
    the record, and a cache holds hundreds of thousands of them."""
    hints = typing.get_type_hints(kind)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    if any(f.kw_only for f in fields):
        raise TypeError(f"{kind.__name__} has keyword-only fields: no row form")
    scope: dict[str, Any] = {"kind": kind, "fail": _fail, "intern": intern}
    checks, values = [], []
    for n, f in enumerate(fields):
        hint = hints[f.name]
        plain = _plain_types(hint)
        items = _items(hint)
        if items is not None:  # a list or tuple of items: checked here, one call per item
            scope[f"item{n}"] = _row_decoder(items, shared)
            checks.append(f"    if type(v{n}) is not list:\n        fail(v{n}, kind)\n")
            listed = f"[item{n}(x) for x in v{n}]"
            values.append(listed if typing.get_origin(hint) is list else f"tuple({listed})")
        elif plain is None:
            scope[f"convert{n}"] = _row_decoder(hint, shared)
            values.append(f"convert{n}(v{n})")
        else:
            scope[f"plain{n}"] = plain
            checks.append(f"    if type(v{n}) not in plain{n}:\n        fail(v{n}, kind)\n")
            if not shared or str not in plain:
                values.append(f"v{n}")
            elif plain == {str}:
                values.append(f"intern(v{n})")
            else:
                values.append(f"(intern(v{n}) if type(v{n}) is str else v{n})")
    unpack = "".join(f"v{n}, " for n in range(len(fields)))
    source = (
        "def decode(data):\n"
        f"    if type(data) is not list or len(data) != {len(fields)}:\n"
        "        fail(data, kind)\n"
        + (f"    {unpack}= data\n" if fields else "")
        + "".join(checks)
        + f"    return kind({', '.join(values)})\n"
    )
    exec(source, scope)  # the source is made above from field numbers only
    decode: Callable[[Any], Any] = scope["decode"]
    return decode


def _dataclass_decoder(kind: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(kind)
    names = [f.name for f in dataclasses.fields(kind) if f.init]
    decoders = [(name, _decoder(hints[name])) for name in names]
    expected = set(names)

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != expected:
            _fail(data, kind)
        return kind(**{name: f(data[name]) for name, f in decoders})

    return decode


def _union_decoder(
    args: tuple, decoder: Callable[[Any], Callable[[Any], Any]]
) -> Callable[[Any], Any]:
    optional = type(None) in args
    others = [decoder(a) for a in args if a is not type(None)]

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        for f in others:
            try:
                return f(data)
            except RecordError:
                continue
        return _fail(data, args)

    return decode


def _date(data: Any) -> dt.date:
    if not isinstance(data, str) or len(data) != 10:
        _fail(data, dt.date)
    try:
        return dt.date.fromisoformat(data)
    except ValueError:
        return _fail(data, dt.date)


def _expect(data: Any, kind: type[list] | type[dict], length: int | None = None) -> Any:
    if type(data) is not kind or (length is not None and len(data) != length):
        _fail(data, kind)
    return data


def _fail(data: Any, hint: Any) -> typing.NoReturn:
    raise RecordError(f"{str(data)[:60]!r} is not a {getattr(hint, '__name__', hint)}")
