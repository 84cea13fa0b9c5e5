"""The records as reports read them: msgspec structs made from the models of `briefing.model`.

The pydantic models are the one definition of a record: they validate every file and word its
problems, and the editors' JSON Schema comes from them. Reading tens of thousands of records back
from the cache through them costs about 60 µs a record; decoded into these structs it costs about
10 µs, in half the memory. The structs are made from the models when this module is imported, so
a field added to a model is here too with no second edit:

- each struct has its model's fields, in the model's order, with the model's defaults; a nested
  model is its struct, a date a `FuzzyDate` (decoded from its text), text a `str` (cleaned when
  the file was validated: the cache holds only validated records);
- each has its model's own methods and properties (`Meeting.involves` is the same function), and
  `model_dump`, `model_dump_json` and `model_copy` as the model has them;
- a pydantic field annotated with a struct (a report's `place: Place | None`) takes a struct as
  it is and a model instance converted, and writes either to the same JSON as the model would.

A field of a type not mapped here fails at import, naming it (a test imports this module).
"""

from __future__ import annotations

import enum
import types

from functools import lru_cache
from typing import Annotated, Any, Union, get_args, get_origin

import msgspec
from pydantic import BaseModel, TypeAdapter
from pydantic_core import core_schema
from typing_extensions import TypedDict  # pydantic needs it (not typing's) before Python 3.12

from briefing import model as models
from briefing.dates import DateValue as Date  # what msgspec sees for a FuzzyDate: decoded by dec_hook
from briefing.dates import FuzzyDate, _parse_text


def dec_hook(tp: type, obj: Any) -> Any:
    if tp is Date:
        if type(obj) is str:
            return _parse_text(obj)  # a ValueError becomes msgspec's ValidationError
        if isinstance(obj, FuzzyDate):
            return obj
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):  # a date written as JSON
            return _parse_text(obj["text"])
    raise NotImplementedError(f"cannot decode {tp!r} from {type(obj).__name__}")


_STRUCTS: dict[type[BaseModel], type[msgspec.Struct]] = {}
_SCALARS = (str, int, bool, float)


def struct_of(model: type[BaseModel]) -> type[msgspec.Struct]:
    """The struct made from a model (made once)."""
    made = _STRUCTS.get(model)
    if made is not None:
        return made
    fields: list[Any] = []
    for name, info in model.model_fields.items():
        tp = _struct_type(info.annotation, f"{model.__name__}.{name}")
        if info.is_required():
            fields.append((name, tp))
        else:
            fields.append((name, tp, info.get_default(call_default_factory=True)))
    namespace = _methods(model)
    namespace.update(
        __doc__=f"{model.__doc__ or model.__name__}\n\n(A struct made from briefing.model.{model.__name__}.)",
        __get_pydantic_core_schema__=classmethod(_core_schema),
        model_dump=_model_dump,
        model_dump_json=_model_dump_json,
        model_copy=_model_copy,
    )
    made = msgspec.defstruct(
        model.__name__, fields, namespace=namespace, module=__name__,
        kw_only=True, frozen=True, gc=False, forbid_unknown_fields=True,
    )
    _STRUCTS[model] = made
    made.model = model  # type: ignore[attr-defined]  # the model it was made from
    return made


def _struct_type(annotation: Any, where: str) -> Any:
    """The type a struct's field has for a model field's annotation."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _struct_type(get_args(annotation)[0], where)  # constraints: checked by the model
    if origin in (Union, types.UnionType):
        return Union[tuple(_struct_type(a, where) for a in get_args(annotation))]  # noqa: UP007
    if origin is tuple:
        args = get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple[_struct_type(args[0], where), ...]  # type: ignore[misc]
    if annotation is type(None):
        return annotation
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return struct_of(annotation)
        if issubclass(annotation, FuzzyDate):
            return Date
        if issubclass(annotation, (enum.Enum, *_SCALARS)):
            return annotation
    raise TypeError(f"briefing.structs: no struct type for {where}: {annotation!r}; add it to _struct_type")


def _methods(model: type[BaseModel]) -> dict[str, Any]:
    """The model's own methods and properties (not pydantic's): the same functions."""
    found: dict[str, Any] = {}
    for klass in model.__mro__:
        if klass is BaseModel or not issubclass(klass, BaseModel):
            break
        for name, value in vars(klass).items():
            if name.startswith(("__", "model_")) or name in found:
                continue
            if isinstance(value, (types.FunctionType, property, staticmethod, classmethod)):
                found[name] = value
    return found


# -- pydantic: a struct in a report model -------------------------------------------------------


def _core_schema(cls: type[msgspec.Struct], source: Any, handler: Any) -> Any:
    """A struct as a pydantic field: a struct is taken as it is, a model instance or a dict is
    converted; written as a dict of its fields (each as the model would write it)."""
    hints = {f.name: f.type for f in msgspec.structs.fields(cls)}
    shape = TypedDict(f"{cls.__name__}Fields", {name: _dump_type(tp) for name, tp in hints.items()})  # type: ignore[misc]
    return core_schema.no_info_plain_validator_function(
        lambda value: to_struct(cls, value),
        serialization=core_schema.plain_serializer_function_ser_schema(
            msgspec.structs.asdict, return_schema=handler.generate_schema(shape)
        ),
    )


def _dump_type(tp: Any) -> Any:
    """A struct field's type as pydantic should write it (a Date is a FuzzyDate)."""
    if tp is Date:
        return FuzzyDate
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return Union[tuple(_dump_type(a) for a in get_args(tp))]  # noqa: UP007
    if origin is tuple:
        return tuple[_dump_type(get_args(tp)[0]), ...]  # type: ignore[misc]
    return tp


def to_struct(cls: type[msgspec.Struct], value: Any) -> Any:
    """A struct as it is; a model instance (read by attribute) or a dict made into one."""
    if type(value) is cls:
        return value
    try:
        return msgspec.convert(value, cls, from_attributes=not isinstance(value, dict), dec_hook=dec_hook)
    except msgspec.ValidationError as exc:
        raise ValueError(str(exc)) from None


@lru_cache(maxsize=None)
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)


def _model_dump(self: Any, *, mode: str = "python", **options: Any) -> Any:
    return _adapter(type(self)).dump_python(self, mode=mode, **options)


def _model_dump_json(self: Any, **options: Any) -> str:
    return _adapter(type(self)).dump_json(self, **options).decode("utf-8")


def _model_copy(self: Any, *, update: dict[str, Any] | None = None) -> Any:
    return msgspec.structs.replace(self, **(update or {}))


# -- the records ----------------------------------------------------------------------------------

Meeting = struct_of(models.Meeting)
Series = struct_of(models.Series)
Place = struct_of(models.Place)
Participant = struct_of(models.Participant)
Commitment = struct_of(models.Commitment)
Source = struct_of(models.Source)
Count = struct_of(models.Count)


@lru_cache(maxsize=4)
def decoder(cls: type) -> msgspec.json.Decoder[Any]:
    """Decodes a JSON array of records into a list of structs of this class."""
    return msgspec.json.Decoder(list[cls], dec_hook=dec_hook)  # type: ignore[valid-type]
