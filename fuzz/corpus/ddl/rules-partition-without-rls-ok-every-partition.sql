CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.events (tenant_id uuid NOT NULL REFERENCES public.tenants (id), at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE public.events_2026 PARTITION OF public.events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.events_2026 ENABLE ROW LEVEL SECURITY;
