-- One partial error of row $1: Dixa's partialErrors[].message of a 201 import, or an attribute problem.
INSERT INTO dixa_partial_errors (outbox_id, conversation_id, source, message)
SELECT id, $3, $4, $5 FROM dixa_outbox WHERE id = $1 AND lease_token = $2
RETURNING id;
