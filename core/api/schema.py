"""The error shape in the OpenAPI schema: every operation documents the errors it can answer
with, in the one shape of `core.api.base.exception_handler`."""

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "供程序判断的错误代码"},
                "message": {"type": "string", "description": "中文说明"},
                "fields": {"type": "object", "additionalProperties": True,
                           "description": "字段名 → 该字段的错误说明列表"},
            },
        },
    },
}

ERRORS = {
    "400": "输入有误",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "对象不存在或无权查看",
    "409": "违反业务规则（如订单已满、状态不允许）",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}
# Errors only some operations answer with.
ONLY = {
    "429": ("尝试过于频繁，或账户因密码连续输错已锁定", {("/api/v1/auth/token/", "post")}),
    "503": ("报表队列暂时不可用：申请已保存，恢复后自动生成", {("/api/v1/reports/", "post")}),
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        if path.endswith("/schema/"):
            continue
        for method, operation in operations.items():
            codes = [c for c in ERRORS if c != "409" or method in WRITE_METHODS]
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": ERRORS[code], "content": error})
            for code, (description, operations_) in ONLY.items():
                if (path, method) in operations_:
                    responses[code] = {"description": description, "content": error}
    return result
