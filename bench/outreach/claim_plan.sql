-- The worker's claim at a million, with statistics that do not know the send, as right
-- after a large one is written (bench/RESULTS.md, "A newsletter to a million Civil
-- Parties", second run). Run after newsletter.py --sizes 10000,100000 on the same
-- database (it copies the 100,000 run's messages, job 2, ten times):
--     psql -h 127.0.0.1 -U postgres vss_news_bench -f bench/outreach/claim_plan.sql
-- then send the job with bench/outreach/send_watch.py <job>, and afterwards
--     ALTER TABLE outreach_message RESET (autovacuum_enabled);
\timing on
-- Keeps the statistics as they were before the job was written.
ALTER TABLE outreach_message SET (autovacuum_enabled = off);
INSERT INTO outreach_sendjob (label, status, total, sent, failed, skipped, error,
    requested_at, requested_by_id)
SELECT 'claim 1000000', 'queued', 1000010, 0, 0, 0, '', now(), requested_by_id
FROM outreach_sendjob WHERE id = 2
RETURNING id AS job \gset
INSERT INTO outreach_message (idempotency_key, kind, channel, language, address, subject,
    body, status, detail, gateway_reference, attempts, created_at, application_id,
    court_date_id, event_id, person_id, newsletter_id, job_id, subscriber_id)
SELECT m.idempotency_key || ':c' || g, m.kind, m.channel, m.language, m.address,
    m.subject, m.body, CASE WHEN m.status = 'skipped' THEN 'skipped' ELSE 'queued' END,
    m.detail, '', 0, now(), m.application_id, m.court_date_id, m.event_id, m.person_id,
    m.newsletter_id, :job, m.subscriber_id
FROM outreach_message m, generate_series(1, 10) g WHERE m.job_id = 2;
SELECT min(id) + 500000 AS middle FROM outreach_message WHERE job_id = :job \gset
-- The claim as sent by sending._claim, from the start and from the middle; then the
-- same with its sorting forbidden, as the claim now does.
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM outreach_message
WHERE job_id = :job AND status = 'queued' AND channel IN ('sms', 'email') AND id > 0
ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM outreach_message
WHERE job_id = :job AND status = 'queued' AND channel IN ('sms', 'email') AND id > :middle
ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED;
ROLLBACK;
BEGIN;
SET LOCAL enable_sort = off;
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM outreach_message
WHERE job_id = :job AND status = 'queued' AND channel IN ('sms', 'email') AND id > 0
ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED;
ROLLBACK;
SELECT :job AS job;
