-- Report: calls. How many Dixa calls does a conversation cost, by case?
-- Conversations imported over a chosen period, by case: the requester's first conversation here (it cost a lookup,
-- and a creation when Dixa did not know the requester) or a returning requester (cached: no lookup), each with and
-- without custom attributes (a PATCH, and the definitions when this process had not fetched them yet). Calls count
-- every attempt of the row, 429 retries included. Expected: returning 1.0 without attributes, 2.0 with; first
-- conversation at most 4.0. When two rows of one new requester run at the same moment, the lookup may be counted
-- on either of them; the totals are exact. One tenant's with -v tenant=NAME (--tenant NAME).
-- Run: psql "$DATABASE_URL" -v since='24 hours' -f sql/reports/calls.sql   (since defaults to 24 hours)
--      dixa-importer report calls --since '24 hours' [--tenant NAME]
\if :{?since}
\else
\set since '24 hours'
\endif
\if :{?tenant}
\else
\set tenant ''
\endif
WITH imported AS (
    SELECT o.id, o.imported_at,
        row_number() OVER (PARTITION BY o.tenant, o.requester_id ORDER BY o.imported_at, o.id) = 1 AS first_of_requester,
        coalesce(o.transcript -> 'attributes', '{}'::jsonb) <> '{}'::jsonb AS with_attributes,
        (SELECT coalesce(sum(a.dixa_calls), 0) FROM dixa_outbox_attempts a WHERE a.outbox_id = o.id) AS calls
    FROM dixa_outbox o
    WHERE o.state = 'imported' AND (:'tenant' = '' OR o.tenant = :'tenant')
)
SELECT CASE WHEN first_of_requester THEN 'first conversation of the requester' ELSE 'returning requester' END AS requester,
    CASE WHEN with_attributes THEN 'with attributes' ELSE 'no attributes' END AS attributes,
    count(*)::text AS conversations,
    round(avg(calls), 2)::text AS mean_calls,
    min(calls)::text AS min_calls,
    max(calls)::text AS max_calls,
    sum(calls)::text AS total_calls
FROM imported
WHERE imported_at >= now() - :'since'::interval
GROUP BY first_of_requester, with_attributes
ORDER BY first_of_requester, with_attributes;
