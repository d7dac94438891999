"""A row's cells → brief data, shaped by the brief model's annotations; errors → the cells again.

A column name is a field path: `product`, `brand.name` (a field of a nested model), `key_benefits`
(a list: items separated by `;`) or `key_benefits.1`, `key_benefits.2` (a list, one item per
numbered column); a list of groups (a product ad's `claims`) takes a numbered set of columns per
item: `claims.1.text`, `claims.1.reference.citation`, `claims.2.text`, …. Whether a field is a
list, a group or a single value is read from the brief model's type annotations, never guessed from
the cell, so `"Dr. Okafor; MD"` in a text field stays one text. Cells are converted to what the
field holds (a number typed into a text field becomes text; a text in a number field is left for
the model to parse or refuse). Every place a value came from is recorded, so a validation error on
`key_benefits.1` (pydantic counts from 0) points back at the cell the user typed: column
`key_benefits.2`, or item 2 of the `key_benefits` cell.
"""

from __future__ import annotations

import datetime as dt
import types
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel

LIST_SEPARATOR = ";"
BATCH_COLUMNS = frozenset({"video_type", "review"})
"""Columns the batch reads itself; they are no brief field."""
NOTE_PREFIX = "#"
"""Columns named `#...` are the user's notes and are ignored."""


class Shape(NamedTuple):
    """What a field holds: one value, a list of `inner`, or a group (the model `inner`)."""

    kind: Literal["scalar", "list", "model"]
    inner: Any


class Source(NamedTuple):
    """Where a field's value came from: a column, and the item's number in a `;` cell.

    `group` marks an item of a list of groups: `column` is then the item's prefix (`claims.2`),
    and a field missing from it is named as the column to add (`claims.2.reference.citation`).
    """

    column: str
    item: int | None = None
    group: bool = False


class Converted(NamedTuple):
    """A row as brief data, where each value came from, and the cells that could not be used."""

    data: dict[str, Any]
    sources: dict[str, Source]
    problems: list[tuple[str, str]]


def shape_of(annotation: Any) -> Shape:
    """The shape of a field's annotation: `list[...]` is a list, a model a group, else one value."""
    annotation = _unwrap(annotation)
    origin = get_origin(annotation)
    if origin in (list, tuple, set, frozenset):
        args = get_args(annotation)
        return Shape("list", _unwrap(args[0]) if args else Any)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("model", annotation)
    return Shape("scalar", annotation)


def _unwrap(annotation: Any) -> Any:
    """`Annotated[X, ...]` → X and `X | None` → X; other unions stay (they hold one value)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _is_text(annotation: Any) -> bool:
    if get_origin(annotation) is Literal:
        return all(isinstance(a, str) for a in get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, str | Path | Enum)


def convert(value: Any, annotation: Any, base_dir: Path) -> Any:
    """A cell's value as the field `annotation` holds it.

    Numbers and dates typed into a text field become the text the user sees (`5550142`, not
    `5550142.0`); a relative file path is taken from the sheet's folder, so a sheet and its logos
    can move together. Anything else is left for the model to accept or explain.
    """
    if _is_text(annotation):
        if isinstance(value, bool):
            value = "TRUE" if value else "FALSE"
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))
        elif isinstance(value, int | float):
            value = str(value)
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            value = value.isoformat()
    if isinstance(annotation, type) and issubclass(annotation, Path) and isinstance(value, str):
        path = Path(value).expanduser()
        value = str(path if path.is_absolute() else (base_dir / path).resolve())
    return value


def split_items(value: Any, item: Any, base_dir: Path) -> list[Any]:
    """A list cell's items: `;`-separated text, a JSON list, or one value; empty items dropped."""
    if isinstance(value, str):
        raw: list[Any] = [part.strip() for part in value.split(LIST_SEPARATOR)]
    elif isinstance(value, list | tuple):
        raw = [part.strip() if isinstance(part, str) else part for part in value]
    else:
        raw = [value]
    return [convert(part, item, base_dir) for part in raw if part not in ("", None)]


def row_to_data(cells: dict[str, Any], model: type[BaseModel], base_dir: Path) -> Converted:
    """Brief data for `model` from a row's non-empty cells (column name → value)."""
    data: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    problems: list[tuple[str, str]] = []
    numbered: dict[str, list[tuple[int, str, Any, Any]]] = {}
    groups: dict[str, tuple[type[BaseModel], dict[int, dict[str, Any]]]] = {}
    for column, value in cells.items():
        if column in BATCH_COLUMNS or column.startswith(NOTE_PREFIX):
            continue
        parts = column.split(".")
        current: type[BaseModel] | None = model
        for depth, part in enumerate(parts):
            path, rest = ".".join(parts[: depth + 1]), parts[depth + 1 :]
            field = current.model_fields.get(part) if current is not None else None
            if field is None:  # not a field: the model's message names it and says what to do
                _put(data, parts, value)
                sources[column] = Source(column)
                break
            shape = shape_of(field.annotation)
            if shape.kind == "model" and rest:
                current = shape.inner
                continue
            if shape.kind == "list" and rest:
                number = int(rest[0]) if rest[0].isdigit() and int(rest[0]) >= 1 else None
                if number is not None and len(rest) == 1:
                    numbered.setdefault(path, []).append((number, column, value, shape.inner))
                elif number is not None and _is_model(shape.inner):
                    item = groups.setdefault(path, (shape.inner, {}))[1].setdefault(number, {})
                    item[".".join(rest[1:])] = value
                else:
                    problems.append((column, _list_hint(path)))
                break
            if rest:
                problems.append(
                    (column, f"{path} is a single value, not a group: name the column {path}")
                )
            elif shape.kind == "list" and _is_model(shape.inner) and isinstance(value, str):
                names = ", ".join(f"{path}.1.{n}" for n in list(shape.inner.model_fields)[:2])
                problems.append((column, f"{path} is a list of groups: use columns {names}, …"))
            elif shape.kind == "list":
                items = split_items(value, shape.inner, base_dir)
                _put(data, parts, items)
                sources[path] = Source(column)
                sources |= {f"{path}.{i}": Source(column, i + 1) for i in range(len(items))}
            elif shape.kind == "model" and not isinstance(value, dict):
                names = ", ".join(f"{path}.{n}" for n in list(shape.inner.model_fields)[:3])
                problems.append((column, f"{path} is a group of fields: use columns {names}, …"))
            else:
                _put(data, parts, convert(value, shape.inner, base_dir))
                sources[path] = Source(column)
            break
    for path, cells_of_list in numbered.items():
        _numbered_list(path, sorted(cells_of_list), data, sources, problems, base_dir)
    for path, (inner, items) in groups.items():
        _numbered_groups(path, inner, items, Converted(data, sources, problems), base_dir)
    return Converted(data, sources, problems)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _numbered_groups(
    path: str,
    inner: type[BaseModel],
    items: dict[int, dict[str, Any]],
    row: Converted,
    base_dir: Path,
) -> None:
    """Columns `path.1.text`, `path.1.reference.citation`, … → a list of groups, in number order.

    A list whose items are groups (a product ad's referenced `claims`) cannot be one `;` cell;
    each item's fields get the item's number, and each item is read like a row of its own model.
    """
    first = f"{path}.{min(items)}"
    if path in row.sources:
        problem = f"is filled and so are numbered columns ({first}.…): use one or the other"
        row.problems.append((row.sources[path].column, problem))
        return
    values = []
    for index, number in enumerate(sorted(items)):
        prefix = f"{path}.{number}."
        item = row_to_data(items[number], inner, base_dir)
        values.append(item.data)
        row.problems.extend((prefix + column, problem) for column, problem in item.problems)
        row.sources.update(
            {
                f"{path}.{index}.{field}": Source(prefix + source.column, source.item)
                for field, source in item.sources.items()
            }
        )
        row.sources[f"{path}.{index}"] = Source(f"{path}.{number}", group=True)
    _put(row.data, path.split("."), values)
    row.sources[path] = Source(first if len(items) == 1 else f"{first}…{path}.{max(items)}")


def _numbered_list(
    path: str,
    cells: list[tuple[int, str, Any, Any]],
    data: dict[str, Any],
    sources: dict[str, Source],
    problems: list[tuple[str, str]],
    base_dir: Path,
) -> None:
    """Numbered columns `path.1`, `path.2`, … → one list, in number order (gaps close up)."""
    if path in sources:
        problems.append(
            (
                sources[path].column,
                f"is filled and so are numbered columns ({cells[0][1]}, …): use one or the other",
            )
        )
        return
    items = [convert(value, item, base_dir) for _, _, value, item in cells]
    _put(data, path.split("."), items)
    first, last = cells[0][1], cells[-1][1]
    sources[path] = Source(first if first == last else f"{first}…{last}")
    sources |= {f"{path}.{i}": Source(column) for i, (_, column, _, _) in enumerate(cells)}


def _list_hint(path: str) -> str:
    return (
        f"{path} is a list: put its items in numbered columns {path}.1, {path}.2, … or in one "
        f"{path} column separated by '{LIST_SEPARATOR}'"
    )


def _put(data: dict[str, Any], parts: list[str], value: Any) -> None:
    for part in parts[:-1]:
        inner = data.get(part)
        data[part] = inner = inner if isinstance(inner, dict) else {}
        data = inner
    data[parts[-1]] = value


def column_of(field: str, sources: dict[str, Source], model: type[BaseModel]) -> tuple[str, str]:
    """The column a brief error on `field` (a dotted path, list items from 0) belongs to.

    Returns the column and a prefix for the problem (`item 2: ` inside a `;` cell). A field with
    no cell (a required one left out) names the column to add: for a group, its first required
    field (`brand.name`).
    """
    if field in sources:
        source = sources[field]
        return source.column, f"item {source.item}: " if source.item else ""
    parts = field.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        known = sources.get(".".join(parts[:cut]))
        if known is not None and known.group:
            return f"{known.column}.{'.'.join(parts[cut:])}", ""
        if known is not None:
            return known.column, f"{'.'.join(parts[cut:])}: "
    if field == "(brief)":
        return "(row)", ""
    return _column_to_add(parts, model), ""


def _column_to_add(parts: list[str], model: type[BaseModel]) -> str:
    current: Any = model
    for part in parts:
        field = current.model_fields.get(part) if isinstance(current, type) else None
        if field is None:
            return ".".join(parts)
        current = shape_of(field.annotation).inner
    if isinstance(current, type) and issubclass(current, BaseModel):
        required = [n for n, f in current.model_fields.items() if f.is_required()]
        if required:
            return ".".join([*parts, required[0]])
    return ".".join(parts)
