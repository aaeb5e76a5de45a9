"""PgQueuer peer for dixa-bench: enqueue N no-op jobs, then drain them, on the database given.

Usage: python pgqueuer_noop.py DSN [JOBS] [DEQUEUERS] [BATCH]
Prints one JSON object: {"jobs", "enqueue_seconds", "drain_seconds", "jobs_per_second", "pgqueuer"}.

The shape follows PgQueuer's own tools/benchmark.py defaults (5 dequeue workers, batch 10), each worker with a
connection of its own, in drain mode: a worker exits once the queue is empty and its jobs have finished.
Needs: pip install pgqueuer==1.6.0 asyncpg
"""

import asyncio
import json
import sys
import time

import asyncpg
import pgqueuer
from pgqueuer import AsyncpgDriver, QueueManager, Queries
from pgqueuer.types import QueueExecutionMode


async def main() -> None:
    dsn = sys.argv[1]
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 20_000
    dequeuers = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    batch = int(sys.argv[4]) if len(sys.argv) > 4 else 10

    setup = await asyncpg.connect(dsn)
    queries = Queries(AsyncpgDriver(setup))
    if not await queries.schema_is_installed():
        await queries.install()

    started = time.perf_counter()
    for offset in range(0, jobs, 1000):
        size = min(1000, jobs - offset)
        await queries.enqueue(["noop"] * size, [None] * size, [0] * size)
    enqueue_seconds = time.perf_counter() - started

    connections = [await asyncpg.connect(dsn) for _ in range(dequeuers)]
    done = 0

    def manager(connection: asyncpg.Connection) -> QueueManager:
        qm = QueueManager(Queries(AsyncpgDriver(connection)))

        @qm.entrypoint("noop")
        async def noop(job: pgqueuer.Job) -> None:
            nonlocal done
            done += 1

        return qm

    managers = [manager(connection) for connection in connections]
    started = time.perf_counter()
    await asyncio.gather(*(qm.run(batch_size=batch, mode=QueueExecutionMode.drain) for qm in managers))
    drain_seconds = time.perf_counter() - started

    for connection in connections + [setup]:
        await connection.close()
    print(
        json.dumps(
            {
                "jobs": done,
                "enqueue_seconds": round(enqueue_seconds, 3),
                "drain_seconds": round(drain_seconds, 3),
                "jobs_per_second": round(done / drain_seconds, 1),
                "pgqueuer": pgqueuer.__version__,
            }
        )
    )


asyncio.run(main())
