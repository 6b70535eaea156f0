CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL,
  nickname text
);
CREATE TABLE invoices (
  id bigint PRIMARY KEY,
  user_id bigint REFERENCES users (id),
  total_cents bigint NOT NULL,
  note text
);
