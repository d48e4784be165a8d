"""Matching a spreadsheet's columns to ours: shared by every import of a spreadsheet (an
agency's chronology, a review's action plan), so that both find, match and remember columns
the same way.

An import names its columns (``Column``: a field name, our heading, the other headings
people use for it). ``match_columns`` places each of them in the file's header row: first the
headings chosen on the matching page (or remembered from last time), then ours and their
usual variants; a column of the file is used once. ``parse_column_options`` reads the
``--column FIELD=HEADING`` options of the import commands; the matching page's form is
``dhr.files.forms.ColumnsForm``. Pure: no database, no forms.

The reader itself (files, header row, dates) is ``panels.chronology.importer``.
"""

import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One of our columns: its field name, its heading in the template, other headings that
    people use for it, and the longest text it may hold (0: no limit)."""

    name: str
    heading: str
    required: bool = False
    aliases: tuple = ()
    max_length: int = 0


_PUNCTUATION_AS_SPACES = str.maketrans(dict.fromkeys(string.punctuation, " "))


def normalise(heading) -> str:
    """A heading as compared: lower case, punctuation as spaces, single spaces. (The import
    compares every row's reference and event this way to find repeated rows: ``translate``
    does it in one pass.)"""
    text = str(heading or "").lower().replace("&", " and ")
    return " ".join(text.translate(_PUNCTUATION_AS_SPACES).split())


def known_headings(columns: Iterable[Column]) -> dict:
    """Every heading we recognise (normalised) -> our field name."""
    known: dict = {}
    for column in columns:
        for alias in (column.heading, column.name, *column.aliases):
            known.setdefault(normalise(alias), column.name)
    return known


def index_of(labels: Sequence[str], label: str) -> int | None:
    """The position of ``label`` among the file's headings (compared normalised)."""
    wanted = normalise(label)
    for index, heading in enumerate(labels):
        if normalise(heading) == wanted:
            return index
    return None


def match_columns(
    labels: Sequence[str], columns: Sequence[Column], chosen: dict | None = None
) -> dict:
    """Which column (0-based index) of the file holds each of our fields.

    ``labels``: the file's headings, in order. ``chosen`` maps our field names to the file's
    headings (a choice made on the matching page, or remembered from last time); a heading
    not in this file is ignored. Fields it does not place are found by our headings and their
    usual variants. A column of the file is used once."""
    names = {column.name for column in columns}
    known = known_headings(columns)
    placed: dict = {}
    used: set = set()
    for name, label in (chosen or {}).items():
        if name not in names or not label:
            continue
        index = index_of(labels, label)
        if index is not None and index not in used:
            placed[name] = index
            used.add(index)
    for index, label in enumerate(labels):
        name = known.get(normalise(label))
        if name and name not in placed and index not in used:
            placed[name] = index
            used.add(index)
    return placed


def missing_columns(placed: dict, columns: Sequence[Column]) -> list:
    """Our required columns that ``placed`` does not place."""
    return [column for column in columns if column.required and column.name not in placed]


def chosen_labels(placed: dict, labels: Sequence[str]) -> dict:
    """Our field name -> the file's heading, for the columns placed (to remember them)."""
    return {name: labels[index] for name, index in placed.items()}


class ColumnOptionError(ValueError):
    """A ``--column`` option that cannot be used; ``str(exc)`` says why."""


def parse_column_options(options: Iterable[str], columns: Sequence[Column]) -> dict:
    """``["lead_agency=Responsible org", ...]`` (an import command's ``--column``) as the
    ``chosen`` of ``match_columns``. The field may be our name or our heading."""
    by_name = {column.name: column.name for column in columns}
    by_name.update({normalise(column.heading): column.name for column in columns})
    chosen: dict = {}
    for option in options or ():
        field_name, sep, heading = option.partition("=")
        name = by_name.get(field_name.strip()) or by_name.get(normalise(field_name))
        if not sep or not heading.strip():
            raise ColumnOptionError(f"“{option}”: write --column FIELD=HEADING")
        if name is None:
            fields = ", ".join(column.name for column in columns)
            raise ColumnOptionError(f"“{field_name}” is not one of the fields: {fields}")
        chosen[name] = heading.strip()
    return chosen
