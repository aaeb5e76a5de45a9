-- Paces the Dixa requests of steps 6 to 11 of a row's journey (docs/ARCHITECTURE.md) and of reopen requests.
-- After a 429: no request of budget $1 may start within the next $2 milliseconds. $3 is the burst tolerance in
-- milliseconds, added because a slot starts that long before the theoretical arrival time.
-- binds: $1 budget_key, $2 pause_ms, $3 tolerance_ms
INSERT INTO dixa_rate_budget AS b (budget_key, theoretical_arrival)
VALUES ($1, clock_timestamp() + ($2 + $3) * interval '1 millisecond')
ON CONFLICT (budget_key) DO UPDATE
SET theoretical_arrival = greatest(b.theoretical_arrival, clock_timestamp() + ($2 + $3) * interval '1 millisecond'),
    updated_at = clock_timestamp();
