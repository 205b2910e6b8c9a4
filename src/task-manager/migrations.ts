/**
 * The schema, compatible with the upstream `0-init.sql`: same table, columns
 * and statuses, so an existing upstream database keeps working, and the
 * statements upgrade such a table in place. Idempotent: safe on every start.
 * Differences: `gen_random_uuid()` (built into Postgres 13+) instead of the
 * uuid-ossp extension, which needs a privilege to create; indexes, which
 * upstream lacks; and three added columns:
 * - `attempts`: leases taken so far (a task fails for good at max_attempts);
 * - `lease_expires_at`: when the current lease lapses unless renewed; an
 *   upstream row leased forever gets a deadline from its `leased_at`;
 * - `output_json`: what the worker wrote (reserved for result metadata).
 */
export const MIGRATION = `
CREATE TABLE IF NOT EXISTS tasks (
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  group_id text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'leased', 'completed', 'failed')),
  data_json jsonb NOT NULL,
  last_failed_at timestamptz,
  last_failure_reason text,
  lease_id uuid NOT NULL DEFAULT gen_random_uuid(),
  leased_at timestamptz,
  lease_worker_id text,
  completed_at timestamptz,
  submitted_at timestamptz NOT NULL DEFAULT NOW(),
  last_updated_at timestamptz NOT NULL DEFAULT NOW()
);
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS output_json jsonb;
UPDATE tasks SET lease_expires_at = COALESCE(leased_at, NOW()) + interval '30 seconds', attempts = GREATEST(attempts, 1)
  WHERE status = 'leased' AND lease_expires_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS tasks_id_key ON tasks (id);
CREATE INDEX IF NOT EXISTS tasks_lease_id_idx ON tasks (lease_id);
CREATE INDEX IF NOT EXISTS tasks_submitted_at_idx ON tasks (submitted_at, id);
CREATE INDEX IF NOT EXISTS tasks_status_lease_expires_idx ON tasks (status, lease_expires_at);
`;
