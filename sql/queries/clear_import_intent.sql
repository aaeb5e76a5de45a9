-- Step 9 of a row's journey (docs/ARCHITECTURE.md).
-- Dixa definitely refused the import (a 4xx), so nothing was created: no reconciliation needed.
-- binds: $1 id, $2 lease_token
UPDATE dixa_outbox SET import_sent_at = NULL, updated_at = now()
WHERE id = $1 AND lease_token = $2
RETURNING id;
