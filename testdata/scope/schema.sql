-- A multi-tenant product analytics and billing service, used by the
-- tenant-scope rule fixtures and the labelled statement corpus.
-- Tenancy: tenants is the root; most tables carry tenant_id; tasks,
-- task_comments, invoice_lines and person_distinct_id reach a tenant through
-- foreign keys; countries and plans are shared lookup data.

CREATE ROLE app_user WITH LOGIN NOSUPERUSER;
CREATE ROLE support WITH LOGIN BYPASSRLS;

CREATE TABLE public.countries (code character(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.plans (id bigint PRIMARY KEY, name text NOT NULL, price_cents bigint NOT NULL);

CREATE TABLE public.tenants (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'active',
    status_reason text,
    plan_id bigint REFERENCES public.plans(id),
    country_code character(2) REFERENCES public.countries(code)
);

CREATE TABLE public.users (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    email text NOT NULL,
    name text,
    is_admin boolean NOT NULL DEFAULT false,
    deleted_at timestamp with time zone,
    UNIQUE (tenant_id, email)
);

CREATE TABLE public.memberships (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    user_id uuid NOT NULL REFERENCES public.users(id),
    group_name text NOT NULL,
    role text NOT NULL
);

CREATE TABLE public.sessions (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    user_id uuid REFERENCES public.users(id),
    distinct_id text NOT NULL,
    started_at timestamp with time zone NOT NULL,
    revoked boolean NOT NULL DEFAULT false
);

CREATE TABLE public.persons (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    properties jsonb
);

-- No tenant column: scoped through persons.
CREATE TABLE public.person_distinct_id (
    id bigint PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES public.persons(id),
    distinct_id text NOT NULL
);

CREATE TABLE public.projects (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    name text NOT NULL,
    is_public boolean NOT NULL DEFAULT false
);

CREATE TABLE public.tasks (
    id bigint PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES public.projects(id),
    title text NOT NULL,
    status text NOT NULL DEFAULT 'open',
    assignee_id uuid
);

CREATE TABLE public.task_comments (
    id bigint PRIMARY KEY,
    task_id bigint NOT NULL REFERENCES public.tasks(id),
    author_id uuid NOT NULL,
    body text NOT NULL
);

CREATE TABLE public.invoices (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    number text NOT NULL,
    status text NOT NULL,
    amount_cents bigint NOT NULL,
    created_at timestamp with time zone NOT NULL DEFAULT now()
);

CREATE TABLE public.invoice_lines (
    id bigint PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES public.invoices(id),
    description text NOT NULL,
    amount_cents bigint NOT NULL
);

CREATE TABLE public.folders (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    parent_id bigint REFERENCES public.folders(id),
    name text NOT NULL
);

CREATE TABLE public.documents (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    folder_id bigint REFERENCES public.folders(id),
    owner_id uuid,
    title text NOT NULL,
    is_public boolean NOT NULL DEFAULT false
);

CREATE TABLE public.feature_flags (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    key text NOT NULL,
    enabled boolean NOT NULL DEFAULT false,
    UNIQUE (tenant_id, key)
);

CREATE TABLE public.incident_notes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    ticket text NOT NULL,
    note text NOT NULL
);

-- Forced row-level security with a restrictive tenant guard.
CREATE TABLE public.audit_events (
    id bigint PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES public.tenants(id),
    actor_id uuid,
    action text NOT NULL,
    object_type text,
    object_id bigint,
    occurred_at timestamp with time zone NOT NULL
);
ALTER TABLE public.audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_guard ON public.audit_events AS RESTRICTIVE
    USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY app_access ON public.audit_events USING (true);

CREATE VIEW public.open_invoices WITH (security_invoker = true) AS
    SELECT invoices.id, invoices.tenant_id, invoices.number, invoices.amount_cents
      FROM public.invoices
     WHERE invoices.status = 'open';

CREATE VIEW public.invoice_totals AS
    SELECT i.id, i.number, sum(l.amount_cents) AS total
      FROM public.invoices i JOIN public.invoice_lines l ON l.invoice_id = i.id
     GROUP BY i.id, i.number;
