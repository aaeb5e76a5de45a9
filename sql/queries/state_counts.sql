-- Rows per state, every state listed even when empty.
-- binds: none
SELECT s.state, count(o.id)
FROM unnest(ARRAY['pending', 'running', 'imported', 'dead']) AS s(state)
LEFT JOIN dixa_outbox o ON o.state = s.state
GROUP BY s.state
ORDER BY array_position(ARRAY['pending', 'running', 'imported', 'dead'], s.state);
