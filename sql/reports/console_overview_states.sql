-- Console: the overview's rows per state and tenant (one row per tenant and state that has rows).
-- A scan of dixa_outbox, grouped: one statement whatever the table holds; $1 caps the groups shown.
-- binds: $1 limit
SELECT tenant, state, count(*)
FROM dixa_outbox
GROUP BY tenant, state
ORDER BY tenant, state
LIMIT $1;
