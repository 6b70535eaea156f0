CREATE TYPE plan_tier AS ENUM ('free', 'team', 'enterprise');
CREATE TABLE subscriptions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  plan plan_tier NOT NULL,
  price numeric(12,2) NOT NULL,
  started_at timestamp with time zone NOT NULL,
  local_renewal timestamp without time zone,
  settings jsonb NOT NULL DEFAULT '{}',
  features text[] NOT NULL DEFAULT '{}',
  seats integer NOT NULL,
  active boolean NOT NULL,
  logo bytea,
  last_ip inet
);
