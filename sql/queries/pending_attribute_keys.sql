-- Every custom-attribute key used by rows still to be imported, for `check`.
-- binds: none
SELECT DISTINCT k
FROM dixa_outbox, jsonb_object_keys(CASE WHEN jsonb_typeof(transcript -> 'attributes') = 'object' THEN transcript -> 'attributes' ELSE '{}'::jsonb END) AS k
WHERE state IN ('pending', 'running')
ORDER BY k;
