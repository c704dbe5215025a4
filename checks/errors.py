"""One pydantic error → one Chinese sentence that names the field, for any model in the project.

Profile's own validators already raise Chinese ValueErrors naming the field; this covers the rest
(pydantic's built-in type errors, other request models), so an HTTP 422 never shows pydantic's
English. The API's RequestValidationError handler can call `chinese_message` for every error.
"""

from __future__ import annotations

from ._fields import fields

_TYPE_MESSAGES = {
    "missing": "缺少这一项，请填写",
    "json_invalid": "不是合法的 JSON（或不是 UTF-8 编码），请检查后重新发送",
    "model_type": "应是一个对象（JSON 对象）",
    "model_attributes_type": "应是一个对象（JSON 对象）",
    "dict_type": "应是一个对象（JSON 对象）",
    "list_type": "应是一个列表",
    "string_type": "应是文字",
    "string_too_short": "不能为空",
    "string_too_long": "太长了，请缩短",
    "int_parsing": "应是整数，例如 15",
    "int_type": "应是整数，例如 15",
    "int_from_float": "应是整数，不能带小数",
    "float_parsing": "应是数字，例如 500 或 12.5",
    "float_type": "应是数字，例如 500 或 12.5",
    "finite_number": "应是有限的数字",
    "bool_parsing": "应是“是”或“否”（true / false）",
    "bool_type": "应是“是”或“否”（true / false）",
    "date_parsing": "应是日期，写成 2024-05-01",
    "date_type": "应是日期，写成 2024-05-01",
    "date_from_datetime_parsing": "日期不存在或格式不对，请写成 2024-05-01 这样的真实日期",
    "date_from_datetime_inexact": "应是日期，不能带时间",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "必须大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "必须小于 {lt}",
    "enum": "不在可选范围内，可选：{expected}",
    "literal_error": "不在可选范围内，可选：{expected}",
    "extra_forbidden": "是不认识的字段，请检查拼写",
    "too_short": "至少要有 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "list_too_long": "列表太长了",
}


def field_name(loc: tuple | list) -> str:
    """('body', 'profile', 'fixed_staff') → 'profile.fixed_staff'."""
    return ".".join(str(p) for p in loc if p not in ("body", "query", "path")) or "body"


def _label(loc: tuple | list) -> str:
    named = [str(p) for p in loc if isinstance(p, str) and p not in ("body", "query", "path")]
    specs = fields()
    for part in reversed(named):
        if part in specs:
            return f"{specs[part].label}（{part}）"
    return f"“{field_name(loc)}”" if named else "请求内容"


def chinese_message(error: dict) -> str:
    """A pydantic error dict (from ValidationError.errors()) → a Chinese sentence naming the field."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        text = str(ctx["error"])
        # Profile's validators already name the field; a bare message from another model gets the name.
        names = [str(p) for p in error.get("loc", ()) if isinstance(p, str)]
        if names and f"（{names[-1]}）" in text:
            return text
        return f"{_label(error.get('loc', ()))}：{text}"
    template = _TYPE_MESSAGES.get(kind)
    if template is None:
        text = "填写有误，请检查"
    else:
        try:
            text = template.format(**ctx)
        except (KeyError, IndexError):
            text = template.split("{")[0].rstrip("：，可选") or template
    if kind in ("int_parsing", "float_parsing", "bool_parsing", "date_parsing", "date_from_datetime_parsing") \
            and "input" in error:
        text += f"，收到“{error['input']}”"
    if kind == "json_invalid":
        return f"请求体{text}。"
    return f"{_label(error.get('loc', ()))}{text}。"
