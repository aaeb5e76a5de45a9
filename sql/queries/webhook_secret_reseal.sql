-- Stores subscription $1's signing secret sealed anew ($2), and drops its text form.
-- binds: $1 id, $2 secret_sealed
UPDATE dixa_webhook_subscriptions SET secret_sealed = $2, secret_key = NULL WHERE id = $1 RETURNING id;
