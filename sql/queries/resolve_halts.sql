-- Tenant $1 imported a row again: its halts are over (the console's banners show the halts not over).
-- binds: $1 tenant
UPDATE dixa_halts SET resolved_at = now() WHERE tenant = $1 AND resolved_at IS NULL;
