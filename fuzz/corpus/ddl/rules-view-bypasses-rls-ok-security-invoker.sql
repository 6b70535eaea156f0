CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), status text);
CREATE VIEW public.open_invoices WITH (security_invoker = true) AS SELECT id, tenant_id FROM public.invoices WHERE status = 'open';
CREATE VIEW public.plan_names AS SELECT 'basic'::text AS name;
CREATE VIEW public.late_invoices AS SELECT id FROM public.invoices;
ALTER VIEW public.late_invoices SET (security_invoker = on);
