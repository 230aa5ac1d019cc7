"""Desk benchmark on PostgreSQL: import + analyse + draft + review throughput with 1 and 2
workers, and the paged ticket-list query at 1,000,000 tickets (with the list indexes vs. without).

    .venv/bin/python bench/bench_desk.py [--messages 1000] [--tickets 1000000] [--pg-url URL]
                                         [--volume auto|off] [--pure] [--skip-throughput] [--skip-list]

Throughput: the mbox from bench/mboxgen.py (deterministic) is imported by the code of `tactful
import`, then N `tactful worker --burst` processes (Procrastinate) analyse, draft and review every
message; the baseline is 1 worker and the ratio is 2-worker over 1-worker throughput. Recorded
per configuration: wall time of import and processing, CPU of the importer, of the workers and of
the PostgreSQL server processes (all backends, so it includes any other use of the server), CPU
per message, and the load average sampled every 15 s (the machine has 2 cores and is shared).
``--volume auto`` leaves VOLUME on its defaults (a backlog this size turns it on: concise
drafts); ``off`` disables it, for runs compared with measurements taken before VOLUME existed.

Resumable: each configuration runs in its own PostgreSQL schema (bench_desk_<N>_w<workers>) with
its progress in a state file (--state-dir, default /var/tmp/tactful-bench). Rerunning the same
command after a crash or a kill keeps what was imported and processed and carries on; the times
of interrupted segments count up to their last heartbeat. A finished configuration's schema is
dropped. Ticket list: rows are bulk-loaded with COPY, then the list query of `tactful tickets` is
timed (median of repeats); the baseline is the same query with the list indexes dropped. Writes
bench/results/desk.json and desk.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results"
PG_URL = os.environ.get("TACTFUL_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
WORKER = [sys.executable, "-c", "from tactful.cli.main import main; main()", "worker", "--burst"]
HEARTBEAT = 15.0
FINISHED = ("done", "duplicate", "failed")


def new_schema(prefix: str) -> str:
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with create_engine(PG_URL).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    return name


def drop_schema(name: str) -> None:
    with create_engine(PG_URL).begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


# --- throughput ---------------------------------------------------------------------------------

def mbox_for(count: int) -> Path:
    """The generated mbox of ``count`` messages (kept in /tmp and reused: generation is seeded)."""
    from mboxgen import write_mbox

    path = Path(f"/tmp/bench_desk_{count}.mbox")
    marker = path.with_suffix(".complete")
    if not (path.exists() and marker.exists()):
        write_mbox(path, count)
        marker.write_text("written by bench/mboxgen.py\n")
    return path


def postgres_cpu() -> float:
    """CPU seconds used so far by the PostgreSQL server on this machine (/proc): every live server
    process, plus the children the postmaster has reaped (a backend's CPU moves there when its
    connection closes)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        if name.startswith("postgres"):
            fields = stat[stat.rindex(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
    return total


def process_cpu(pid: int) -> float:
    """CPU seconds of one live process (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class State:
    """Progress of one configuration, saved after every step so a rerun carries on."""

    def __init__(self, path: Path, defaults: dict) -> None:
        self.path = path
        self.data = json.loads(path.read_text()) if path.exists() else defaults

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2))
        tmp.replace(self.path)


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT status, count(*) FROM messages GROUP BY status")).all())


def throughput(count: int, workers: int, *, volume: str, state_dir: Path, echo=print) -> dict:
    from tactful.desk.app import Desk
    from tactful.desk.config import Settings
    from tactful.desk.jobs import defer_pending, ensure_schema, make_app
    from tactful.mail import iter_messages
    from tactful.samples import SHOP_DIR

    schema = f"bench_desk_{count}_w{workers}"
    state = State(state_dir / f"{schema}.json", {"schema": schema, "messages": count, "workers": workers,
                                                 "volume": volume, "import": {"segments": []},
                                                 "process": {"segments": []}})
    if state.data.get("result"):
        return state.data["result"]
    mbox = mbox_for(count)
    with create_engine(PG_URL).begin() as conn:
        conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    volume_env = {} if volume == "auto" else {"TACTFUL_VOLUME_OPEN_TICKETS": "0", "TACTFUL_VOLUME_WAITING_MESSAGES": "0"}
    settings = Settings(database_url=PG_URL, database_schema=schema, shop_dir=str(SHOP_DIR),
                        **({} if volume == "auto" else {"volume_open_tickets": 0, "volume_waiting_messages": 0}))
    desk = Desk(settings)

    # -- import (idempotent: a rerun skips what is stored and stores the rest) --
    imp = state.data["import"]
    if not imp.get("done"):
        segment = {"start": time.time(), "seconds": 0.0, "cpu_s": 0.0, "stored": 0}
        imp["segments"].append(segment)
        t0, c0 = time.perf_counter(), time.process_time()

        def ticking(messages):
            for n, message in enumerate(messages, 1):
                yield message
                if n % 5000 == 0:
                    segment.update(seconds=round(time.perf_counter() - t0, 2), cpu_s=round(time.process_time() - c0, 2))
                    state.save()
                    echo(f"  import w{workers}: {n:,} read, {time.perf_counter() - t0:.0f} s")

        report = desk.import_messages(ticking(iter_messages([mbox])))
        segment.update(seconds=round(time.perf_counter() - t0, 2), cpu_s=round(time.process_time() - c0, 2),
                       stored=report.stored, already=report.already)
        imp["done"] = True
        state.save()

    # -- processing by `tactful worker --burst` processes --
    with desk.engine.begin() as conn:
        # A previous run was killed: its workers are gone, so their leases and jobs mean nothing.
        conn.execute(text("UPDATE messages SET status = 'new', lease_until = NULL, lease_owner = NULL "
                          "WHERE status = 'processing'"))
    app = make_app(desk)
    ensure_schema(app, desk)
    with desk.engine.begin() as conn:
        conn.execute(text("DELETE FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"))
    defer_pending(desk, app)
    env = {**os.environ, "TACTFUL_DATABASE_URL": PG_URL, "TACTFUL_DATABASE_SCHEMA": schema,
           "TACTFUL_SHOP_DIR": str(SHOP_DIR), **volume_env}
    proc_state = state.data["process"]
    before = counts(desk.engine)
    segment = {"start": time.time(), "seconds": 0.0, "worker_cpu_s": 0.0, "postgres_cpu_s": 0.0,
               "finished_before": sum(before.get(k, 0) for k in FINISHED), "finished_after": None, "load": []}
    proc_state["segments"].append(segment)
    state.save()
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    pg0 = postgres_cpu()
    t1 = time.perf_counter()
    procs = [subprocess.Popen(WORKER + ["--name", f"w{i}"], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(workers)]
    beat = time.perf_counter()
    while any(p.poll() is None for p in procs):
        time.sleep(0.2)
        if time.perf_counter() - beat < HEARTBEAT:
            continue
        beat = time.perf_counter()
        now = counts(desk.engine)
        done = sum(now.get(k, 0) for k in FINISHED)
        running = sum(process_cpu(p.pid) for p in procs if p.poll() is None)
        # Workers still running are read from /proc, so a killed run keeps its CPU up to here.
        segment.update(seconds=round(time.perf_counter() - t1, 2), finished_after=done,
                       postgres_cpu_s=round(postgres_cpu() - pg0, 1),
                       worker_cpu_s=round(max(segment["worker_cpu_s"], running), 1))
        segment["load"].append(round(os.getloadavg()[0], 2))
        state.save()
        echo(f"  process w{workers}: {done:,}/{count:,} finished, {time.perf_counter() - t1:.0f} s, "
             f"load {os.getloadavg()[0]:.1f}")
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    segment.update(seconds=round(time.perf_counter() - t1, 2),
                   worker_cpu_s=round((cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime), 1),
                   postgres_cpu_s=round(postgres_cpu() - pg0, 1))
    final = counts(desk.engine)
    segment["finished_after"] = sum(final.get(k, 0) for k in FINISHED)
    segment["load"].append(round(os.getloadavg()[0], 2))
    state.save()
    left = sum(v for k, v in final.items() if k not in FINISHED)
    if left:
        desk.engine.dispose()
        raise SystemExit(f"{left} messages still waiting after the workers stopped (statuses {final}); "
                         f"rerun the same command to carry on")
    with desk.engine.connect() as conn:
        drafts = conn.execute(text("SELECT count(*) FROM drafts")).scalar()
        concise = conn.execute(text("SELECT count(*) FROM drafts WHERE concise")).scalar()
        passed = conn.execute(text("SELECT count(*) FROM reviews WHERE passed")).scalar()
    desk.engine.dispose()

    import_s = sum(g["seconds"] for g in imp["segments"])
    import_cpu = sum(g["cpu_s"] for g in imp["segments"])
    # Rates count what each segment finished in the time it recorded: a killed segment's work
    # after its last heartbeat is counted in neither (up to HEARTBEAT seconds of it).
    process_s = sum(g["seconds"] for g in proc_state["segments"])
    processed = sum((g["finished_after"] or g["finished_before"]) - g["finished_before"] for g in proc_state["segments"])
    worker_cpu = sum(g["worker_cpu_s"] for g in proc_state["segments"])
    pg_cpu = sum(g["postgres_cpu_s"] for g in proc_state["segments"])
    loads = [x for g in proc_state["segments"] for x in g["load"]]
    total = import_s + process_s
    result = {"workers": workers, "messages": count, "stored": sum(g.get("stored", 0) for g in imp["segments"]),
              "statuses": final, "drafts": drafts, "concise_drafts": concise, "reviews_passed": passed,
              "volume": volume, "import_s": round(import_s, 1), "import_messages_per_s": round(count / import_s, 1),
              "import_cpu_ms_per_message": round(import_cpu / count * 1000, 2),
              "process_s": round(process_s, 1), "total_s": round(total, 1), "processed_in_timed_segments": processed,
              "messages_per_s": round(count / (import_s + process_s * count / processed), 2),
              "process_messages_per_s": round(processed / process_s, 2),
              "worker_cpu_s": round(worker_cpu, 1), "worker_cpu_ms_per_message": round(worker_cpu / processed * 1000, 2),
              "postgres_cpu_ms_per_message": round(pg_cpu / processed * 1000, 2),
              "load_avg": {"min": min(loads), "mean": round(statistics.mean(loads), 2), "max": max(loads)} if loads else {},
              "load_avg_before_after": [loads[0], loads[-1]] if loads else [],
              "segments": {"import": len(imp["segments"]), "process": len(proc_state["segments"])}}
    state.data["result"] = result
    state.save()
    drop_schema(schema)
    return result


# --- the pure stages alone ------------------------------------------------------------------------

def pure_stages(count: int) -> dict:
    """CPU per message of the stages a worker runs for each message (parse the stored bytes,
    analyse, compose, review), without the desk, on the same mbox: the floor for worker CPU."""
    from tactful.compose import compose, context_for
    from tactful.mail import iter_messages, parse_bytes
    from tactful.review import review
    from tactful.samples import SHOP_DIR
    from tactful.shop import load_shop
    from tactful.understand import analyze_many

    shop = load_shop(SHOP_DIR)
    context = context_for(shop)
    messages = list(iter_messages([mbox_for(count)]))
    now = datetime.now(timezone.utc)
    for m in messages[:50]:                                 # warm the caches and models
        a = analyze_many([m], context)[0]
        review(compose(a, shop, now=now).body, a, shop=shop, sent_at=now)
    spent = {"parse": 0.0, "analyse": 0.0, "compose": 0.0, "review": 0.0}
    for m in messages:
        t0 = time.process_time()
        parsed = parse_bytes(m.raw, source="bench")
        t1 = time.process_time()
        analysis = analyze_many([parsed], context)[0]
        t2 = time.process_time()
        draft = compose(analysis, shop, now=now, concise=True)
        t3 = time.process_time()
        review(draft.body, analysis, shop=shop, sent_at=now)
        t4 = time.process_time()
        for stage, took in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            spent[stage] += took
    per = {f"{k}_ms": round(v / len(messages) * 1000, 2) for k, v in spent.items()}
    return {"messages": len(messages), **per, "total_ms": round(sum(spent.values()) / len(messages) * 1000, 2),
            "load_avg": round(os.getloadavg()[0], 2)}


# --- ticket list ----------------------------------------------------------------------------------

LIST_INDEXES = ("ix_tickets_list", "ix_tickets_open_list", "ix_tickets_open_queue", "ix_tickets_open_assignee")


def load_tickets(engine, n: int, seed: int = 11) -> float:
    """COPY ``n`` tickets (and n/10 customers) with a realistic mix of states."""
    rng = random.Random(seed)
    customers = max(1, n // 10)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    t0 = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy("COPY customers (email, name, extended, purchase_count, total_spend, average_order, "
                      "currency, derived) FROM STDIN") as cp:
            for i in range(customers):
                cp.write_row((f"c{i}@example.com", f"Customer {i}", "{}", 0, 0, 0, "", "{}"))
        statuses = ["closed"] * 80 + ["answered"] * 8 + ["open"] * 7 + ["new"] * 3 + ["follow_up"] * 2
        intents = ["shipping.status", "return.request", "product.size_advice", "delivery.damaged", "other"]
        with cur.copy("COPY tickets (ref, customer_id, subject, thread_key, status, priority, intents, "
                      "primary_intent, language, queue, assignee, reminders, repeats, received_at, sla_due, "
                      "last_message_at, escalation) FROM STDIN") as cp:
            for i in range(1, n + 1):
                received = start + timedelta(seconds=i * 30)
                intent = rng.choice(intents)
                cp.write_row((f"TF-{i:07d}", rng.randint(1, customers), f"Subject {i}", f"<t{i}@x>",
                              rng.choice(statuses), rng.randint(0, 100), json.dumps([intent]), intent,
                              rng.choice(["en", "de", "zh", "es", "fr"]),
                              "supervisor" if rng.random() < 0.05 else "agents",
                              rng.choice([None, None, "ann", "bob", "chen"]), 0, 0, received,
                              received + timedelta(hours=24), received, "{}"))
        raw.commit()
    finally:
        raw.close()
    # What autovacuum does soon after a bulk load: statistics and the visibility map
    # (index-only scans for the page of ids).
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE customers"))
        conn.execute(text("VACUUM ANALYZE tickets"))
    return time.perf_counter() - t0


def time_queries(engine, repeats: int) -> dict:
    from sqlalchemy.orm import Session

    from tactful.desk.queries import ticket_list_query

    cases = {
        "open, page 1": {},
        "open, page 200": {"page": 200},
        "supervisor queue, page 1": {"queue": "supervisor"},
        "assignee ann, page 1": {"assignee": "ann"},
        "status new, page 1": {"status": ("new",)},
    }
    out = {}
    with Session(engine) as session:
        for name, kw in cases.items():
            q = ticket_list_query(per_page=50, **kw)
            session.execute(q).all()          # warm the cache
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                rows = session.execute(q).all()
                times.append(time.perf_counter() - t0)
            out[name] = {"median_ms": round(statistics.median(times) * 1000, 2), "rows": len(rows)}
    return out


def ticket_list(n: int, repeats: int) -> dict:
    from tactful.desk.db import make_engine, upgrade

    schema = new_schema("bench_desk_list")
    try:
        engine = make_engine(PG_URL, schema=schema)
        upgrade(engine)
        load_s = load_tickets(engine, n)
        indexed = time_queries(engine, repeats)
        with engine.begin() as conn:
            for name in LIST_INDEXES:
                conn.execute(text(f"DROP INDEX {name}"))
        baseline = time_queries(engine, max(3, repeats // 4))
        engine.dispose()
        return {"tickets": n, "load_s": round(load_s, 1), "indexed": indexed, "without_list_indexes": baseline,
                "speedup": {k: round(baseline[k]["median_ms"] / max(indexed[k]["median_ms"], 0.01), 1)
                            for k in indexed}}
    finally:
        drop_schema(schema)


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=1000)
    ap.add_argument("--tickets", type=int, default=1_000_000)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--volume", choices=("auto", "off"), default="auto",
                    help="auto: VOLUME on its defaults (a big backlog writes concise drafts); off: never")
    ap.add_argument("--state-dir", type=Path, default=Path("/var/tmp/tactful-bench"))
    ap.add_argument("--skip-throughput", action="store_true")
    ap.add_argument("--skip-list", action="store_true")
    ap.add_argument("--pure", action="store_true", help="also time the pure stages alone (CPU per message)")
    ap.add_argument("--render", action="store_true", help="only rewrite desk.md from desk.json")
    args = ap.parse_args()
    if args.render:
        (RESULTS / "desk.md").write_text(markdown(json.loads((RESULTS / "desk.json").read_text())))
        return
    new: dict = {}
    machine = {"machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)", "database": "PostgreSQL on 127.0.0.1"}
    if not args.skip_throughput:
        one = throughput(args.messages, 1, volume=args.volume, state_dir=args.state_dir)
        two = throughput(args.messages, 2, volume=args.volume, state_dir=args.state_dir)
        key = f"{args.messages}-volume-{args.volume}"
        new.setdefault("throughput_runs", {})[key] = {
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": git_commit(), **machine,
            "baseline_1_worker": one, "2_workers": two,
            "ratio_2_over_1": round(two["messages_per_s"] / one["messages_per_s"], 2),
            "process_ratio_2_over_1": round(two["process_messages_per_s"] / one["process_messages_per_s"], 2)}
        print(json.dumps(new["throughput_runs"][key], indent=2))
    if args.pure:
        new["pure_stages"] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": git_commit(),
                              **machine, **pure_stages(args.messages)}
        print(json.dumps(new["pure_stages"], indent=2))
    if not args.skip_list:
        new["ticket_list"] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": git_commit(),
                              **machine, **ticket_list(args.tickets, args.repeats)}
        print(json.dumps(new["ticket_list"], indent=2))
    # Read the results file only now: a long run must not overwrite what was written meanwhile.
    RESULTS.mkdir(parents=True, exist_ok=True)
    old = json.loads((RESULTS / "desk.json").read_text()) if (RESULTS / "desk.json").exists() else {}
    old.setdefault("throughput_runs", {}).update(new.pop("throughput_runs", {}))
    old.update(new)
    (RESULTS / "desk.json").write_text(json.dumps(old, indent=2) + "\n")
    (RESULTS / "desk.md").write_text(markdown(old))


def markdown(r: dict) -> str:
    lines = ["# Desk benchmark", "", "Command: `.venv/bin/python bench/bench_desk.py` (options and method in the "
             "script's docstring). 2 shared cores: the load average is recorded with every run.", ""]
    for key, run in sorted(r.get("throughput_runs", {}).items(), key=lambda kv: -int(kv[0].split("-")[0])):
        n = run["baseline_1_worker"]["messages"]
        lines += [f"## Import + analyse + draft + review, {n:,} messages (`--messages {n} --volume "
                  f"{run['baseline_1_worker'].get('volume', 'auto')}`)", "",
                  f"{run['date']} · commit {run.get('commit') or '?'} · {run.get('machine', '')} · {run.get('database', '')}", "",
                  "| workers | import s | import msg/s | process s | process msg/s | total s | msg/s end to end | "
                  "worker CPU ms/msg | PostgreSQL CPU ms/msg | import CPU ms/msg | load avg min / mean / max |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for row in (run["baseline_1_worker"], run["2_workers"]):
            load = row.get("load_avg") or {}
            lines.append(f"| {row['workers']} | {row['import_s']} | {row.get('import_messages_per_s', '')} | "
                         f"{row['process_s']} | {row['process_messages_per_s']} | {row['total_s']} | "
                         f"{row['messages_per_s']} | {row.get('worker_cpu_ms_per_message', '')} | "
                         f"{row.get('postgres_cpu_ms_per_message', '')} | {row.get('import_cpu_ms_per_message', '')} | "
                         f"{load.get('min', '')} / {load.get('mean', '')} / {load.get('max', '')} |")
        one = run["baseline_1_worker"]
        lines += ["", f"Ratio 2 workers / 1 worker (baseline): {run['ratio_2_over_1']} end to end, "
                      f"{run['process_ratio_2_over_1']} for processing alone. Every message finished: "
                      f"{one['statuses']}; {one.get('drafts', '?'):,} drafts, {one.get('reviews_passed', '?'):,} "
                      f"passed the review, {one.get('concise_drafts', 0):,} concise (VOLUME).", ""]
    pure = r.get("pure_stages")
    if pure:
        lines += [f"## The pure stages alone, {pure['messages']:,} messages (`--pure --skip-throughput --skip-list`)", "",
                  f"{pure['date']} · commit {pure.get('commit') or '?'} · load average {pure['load_avg']}. CPU per "
                  "message of what a worker runs for each message, without the desk: the floor for worker CPU.", "",
                  "| parse | analyse | compose (concise) | review | total |", "|---|---|---|---|---|",
                  f"| {pure['parse_ms']} ms | {pure['analyse_ms']} ms | {pure['compose_ms']} ms | {pure['review_ms']} ms | "
                  f"{pure['total_ms']} ms |", ""]
    base = r.get("before_batching")
    if base:
        lines += [f"## Before the batching work (commit {base['commit']}, 1,000 messages)", "", base["note"], "",
                  "| run | workers | import s | process s | msg/s end to end | process msg/s | worker CPU s | "
                  "load avg before → after |", "|---|---|---|---|---|---|---|---|"]
        for run in base["runs"]:
            for row in (run["baseline_1_worker"], run["2_workers"]):
                lines.append(f"| {run['label']} ({run['date']}) | {row['workers']} | {row['import_s']} | "
                             f"{row['process_s']} | {row['messages_per_s']} | {row['process_messages_per_s']} | "
                             f"{row['worker_cpu_s']} | "
                             f"{' → '.join(f'{x:.1f}' for x in row.get('load_avg_before_after', []))} |")
        lines.append("")
    tl = r.get("ticket_list")
    if tl:
        lines += [f"## Ticket list at {tl['tickets']:,} tickets", "",
                  f"{tl.get('date', '')} · commit {tl.get('commit') or '?'}. Loaded with COPY in {tl['load_s']} s. "
                  "Median of repeated runs, 50 rows per page.", "",
                  "| query | with list indexes (ms) | without (baseline, ms) | speed-up |", "|---|---|---|---|"]
        for k, v in tl["indexed"].items():
            lines.append(f"| {k} | {v['median_ms']} | {tl['without_list_indexes'][k]['median_ms']} | "
                         f"{tl['speedup'][k]}x |")
        lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
