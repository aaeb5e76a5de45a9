-- Every custom-attribute key used by tenant $1's rows still to be imported, for `check`.
-- binds: $1 tenant
SELECT DISTINCT k
FROM dixa_outbox, jsonb_object_keys(CASE WHEN jsonb_typeof(transcript -> 'attributes') = 'object' THEN transcript -> 'attributes' ELSE '{}'::jsonb END) AS k
WHERE state IN ('pending', 'running') AND tenant = $1
ORDER BY k;
