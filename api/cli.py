"""The command-line channel: ask, cite, search, check, eval, and serve the web app.

Installed as the `policy-assistant` console script. Like the HTTP API it only translates: every
answer comes from knowledge/ and checks/.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from knowledge import Answer, ask, corpus, resolve, search, shanghai_date, system_clock


def _today(args: argparse.Namespace) -> date:
    """--today, or the day in Shanghai now: the CLI is an edge of the app, where the clock is read."""
    return getattr(args, "today", None) or shanghai_date(system_clock())


def _print_answer(answer: Answer) -> None:
    marks = {"answered": "答", "clarify": "请选择", "no_match": "未覆盖"}
    print(f"【{marks[answer.status.value]}】{answer.answer}")
    for notice in answer.notices:
        print(notice)
    if answer.citations:
        print("出处：" + "；".join(c.label for c in answer.citations))


def _cmd_ask(args: argparse.Namespace) -> int:
    answer = ask(args.question, _today(args))
    if args.json:
        print(answer.model_dump_json(indent=1))
    else:
        _print_answer(answer)
    return 0


def _cmd_cite(args: argparse.Namespace) -> int:
    found = resolve(args.ref, corpus(_today(args)))
    if args.json:
        print(found.model_dump_json(indent=1))
    elif found.error:
        print(found.error, file=sys.stderr)
    for clause in [] if args.json else found.clauses:
        print(f"{clause.label}\n{clause.text}\n（简称：{clause.short_label}）\n")
    return 1 if found.error else 0


def _cmd_search(args: argparse.Namespace) -> int:
    hits = search(args.query, _today(args), args.k)
    if args.json:
        print(json.dumps([h.model_dump() for h in hits], ensure_ascii=False, indent=1))
    for hit in [] if args.json else hits:
        text = hit.text.replace("\n", " ")
        print(f"{hit.short_label}  {text[:60]}{'…' if len(text) > 60 else ''}")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from knowledge.evaluation import evaluate, load

    report = evaluate(load(args.file), _today(args))
    print(report.render(args.verbose))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from checks.cli import run

    return run(args.file, args.check, args.json, _today(args))


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # What uvicorn can do against slow or greedy clients; the rest (a deadline for headers and body,
    # connections per address, TLS) is the reverse proxy's job: see the README's deployment notes.
    uvicorn.run(
        "api.main:app", host=args.host, port=args.port, log_level="info",
        timeout_keep_alive=5,                  # an idle keep-alive connection is closed after 5 s
        limit_concurrency=args.limit_concurrency,  # past this many connections and tasks: 503, memory stays flat
        h11_max_incomplete_event_size=16_384,  # request line and headers larger than 16 KiB are refused
        timeout_graceful_shutdown=10,          # a stop does not wait forever on a stuck client
        proxy_headers=False,                   # X-Forwarded-For is trusted by the app, only per ASSISTANT_TRUSTED_PROXIES
        server_header=False,
    )
    return 0


def _cmd_telegram(args: argparse.Namespace) -> int:
    from bot.telegram import main as telegram_main

    from knowledge import system_clock

    return telegram_main(clock=system_clock, db=args.db, webhook_url=args.webhook_url)


def _cmd_db(args: argparse.Namespace) -> int:
    from bot.settings import StoreSettings
    from bot.store import Database, StoreError, revision
    from bot.store.transfer import copy_store

    try:
        if args.action == "copy":
            source, target = Database(args.source), Database(args.target)
            copied = copy_store(source, target)
            print(f"已复制 / copied {source.describe()} → {target.describe()}: "
                  + ", ".join(f"{name} {n}" for name, n in copied.items()))
            return 0
        db = Database(args.db or StoreSettings.from_env().db, migrate=args.action == "upgrade")
        print(f"{db.describe()}: revision {revision(db) or '(empty)'}")
        return 0
    except StoreError as err:
        print(err, file=sys.stderr)
        return 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policy-assistant", description="上海科技政策助手：问答、条款查询、自检")
    sub = p.add_subparsers(dest="command", required=True)

    a = sub.add_parser("ask", help="用日常中文提问")
    a.add_argument("question")
    a.add_argument("--today", type=date.fromisoformat, default=None, help="按哪一天判断文件效力（YYYY-MM-DD）")
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=_cmd_ask)

    c = sub.add_parser("cite", help="按条款编号查原文，如 第七条第（三）项、7.3、Art. 7(3)")
    c.add_argument("ref")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=_cmd_cite)

    s = sub.add_parser("search", help="关键词检索条款")
    s.add_argument("query")
    s.add_argument("-k", type=int, default=5)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=_cmd_search)

    e = sub.add_parser("eval", help="对问题集打分（格式同 shared/eval/dev_questions.jsonl）")
    e.add_argument("file")
    e.add_argument("--today", type=date.fromisoformat, default=None)
    e.add_argument("-v", "--verbose", action="store_true", help="列出答错的问题")
    e.set_defaults(func=_cmd_eval)

    k = sub.add_parser("check", help="对照两个文件自检机构情况（JSON 文件）")
    k.add_argument("file")
    k.add_argument("--check", action="append", default=None, help="只运行这项检查，可重复")
    k.add_argument("--json", action="store_true")
    k.add_argument("--today", type=date.fromisoformat, default=None, help="资料未写 as_of 时按哪一天检查（YYYY-MM-DD）")
    k.set_defaults(func=_cmd_check)

    v = sub.add_parser("serve", help="启动网页聊天与 API")
    v.add_argument("--host", default="127.0.0.1")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--limit-concurrency", type=int, default=256,
                   help="同时处理的连接与请求上限，超出时答 503（默认 256）")
    v.set_defaults(func=_cmd_serve)

    t = sub.add_parser("telegram", help="运行 Telegram 机器人（长轮询；令牌取自 TELEGRAM_BOT_TOKEN）")
    t.add_argument("--db", default=None, help="对话数据库，默认与网页聊天相同（ASSISTANT_DB 或 var/assistant.db）")
    t.add_argument("--webhook-url", default=None,
                   help="改用 webhook：向 Telegram 登记此地址及 TELEGRAM_WEBHOOK_SECRET 后退出，由 serve 接收更新")
    t.set_defaults(func=_cmd_telegram)

    d = sub.add_parser("db", help="对话数据库：升级表结构、查看版本、从 SQLite 复制到 PostgreSQL")
    dsub = d.add_subparsers(dest="action", required=True)
    for action, text in (("upgrade", "把表结构升级到最新版本（启动时也会自动升级）"), ("status", "显示表结构版本")):
        a = dsub.add_parser(action, help=text)
        a.add_argument("--db", default=None, help="默认取 ASSISTANT_DB（SQLite 文件或 postgresql:// 地址）")
    cp = dsub.add_parser("copy", help="把一个库的全部内容复制到另一个空库，例如 SQLite → PostgreSQL")
    cp.add_argument("source", help="来源：SQLite 文件或 postgresql:// 地址")
    cp.add_argument("target", help="目标：必须还没有对话")
    d.set_defaults(func=_cmd_db)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
