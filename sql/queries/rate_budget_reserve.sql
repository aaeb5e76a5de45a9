-- Paces the Dixa requests of steps 6 to 11 of a row's journey (docs/ARCHITECTURE.md) and of reopen requests.
-- Reserves the next request slot of budget $1 (GCRA) and returns how many milliseconds to wait for it, and when the
-- server reckoned that (epoch milliseconds): the worker tells from it how late its answer came back (LateStart).
-- $2: milliseconds per request (1000 / rate); $3: burst tolerance in milliseconds (how far ahead of the steady
-- pace a request may start). clock_timestamp(), not now(): a statement that waited for the row lock must see the
-- time it actually runs at. The wait is computed by the server, so clocks of the sharing machines need not agree.
-- binds: $1 budget_key, $2 interval_ms, $3 tolerance_ms
INSERT INTO dixa_rate_budget AS b (budget_key, theoretical_arrival)
VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
ON CONFLICT (budget_key) DO UPDATE
SET theoretical_arrival = greatest(b.theoretical_arrival, clock_timestamp()) + $2 * interval '1 millisecond',
    updated_at = clock_timestamp()
RETURNING greatest(0, extract(epoch FROM b.theoretical_arrival - clock_timestamp()) * 1000 - $2 - $3)::float8 AS wait_ms,
    (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS reckoned_at_ms;
