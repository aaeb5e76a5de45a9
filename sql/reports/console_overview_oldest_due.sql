-- Console: the overview's oldest due row: how long the row that has waited longest past its run_at has waited, in
-- seconds (NULL when nothing is due). Reads the front of dixa_outbox_due (run_at, id).
-- binds: none
SELECT extract(epoch FROM now() - min(run_at))::float8
FROM dixa_outbox
WHERE state = 'pending' AND run_at <= now();
