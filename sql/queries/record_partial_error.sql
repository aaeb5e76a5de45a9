-- Steps 9 and 10 of a row's journey (docs/ARCHITECTURE.md).
-- One partial error of row $1: Dixa's partialErrors[].message of a 201 import, or an attribute problem.
-- binds: $1 id, $2 lease_token, $3 conversation_id, $4 source, $5 message
INSERT INTO dixa_partial_errors (outbox_id, conversation_id, source, message)
SELECT id, $3, $4, $5 FROM dixa_outbox WHERE id = $1 AND lease_token = $2
RETURNING id;
