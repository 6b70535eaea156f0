CREATE TABLE public.tenants (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES public.tenants (id), status text);
CREATE VIEW public.open_invoices AS SELECT i.id, i.tenant_id FROM public.invoices i JOIN public.tenants t ON t.id = i.tenant_id WHERE i.status = 'open';
