-- Medskapa: a database for one shared project on a PostgreSQL server (15 or later).
--
-- Run once per project, as a superuser:
--
--   psql -h SERVER -U postgres -v dbname=bibliotek -f docs/shared-project.sql
--
-- Variables (-v NAME=VALUE) and their defaults:
--
--   dbname   medskapa           the project's database (one database holds one project)
--   owner    medskapa_owner     LOGIN role that owns the database and runs `medskapa share`
--   editors  medskapa_editors   group whose members may read and change the project
--   readers  medskapa_readers   group whose members may only read it
--
-- Roles are server-wide: those that exist already are kept. A second project on the same
-- server gets its own groups with -v editors=… -v readers=… (else the same people may open
-- both).
--
-- Afterwards:
--
--   1. Give the owner a password (typed, not stored in any file): \password medskapa_owner
--   2. Share the project, as the owner (it must be the only thing in the database):
--        medskapa share projekt.medskapa \
--          --server 'postgresql://medskapa_owner@SERVER/bibliotek?sslmode=require'
--   3. Add people. Each person is a LOGIN role and a member of one group:
--        CREATE ROLE anna LOGIN PASSWORD '…';   -- or: CREATE ROLE anna LOGIN; \password anna
--        GRANT medskapa_editors TO anna;          -- anna may read and change the project
--        CREATE ROLE bo LOGIN PASSWORD '…';
--        GRANT medskapa_readers TO bo;            -- bo may read it (the app opens read-only)
--      Take access away with REVOKE medskapa_editors FROM anna; (or DROP ROLE anna).
--      A role in neither group cannot connect to the database: the app says "no access".

\set ON_ERROR_STOP on

\if :{?dbname}
\else
  \set dbname medskapa
\endif
\if :{?owner}
\else
  \set owner medskapa_owner
\endif
\if :{?editors}
\else
  \set editors medskapa_editors
\endif
\if :{?readers}
\else
  \set readers medskapa_readers
\endif

-- The owner logs in; the groups do not (people log in as themselves and are members).
SELECT format('CREATE ROLE %I LOGIN', :'owner')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I NOLOGIN', :'editors')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'editors') \gexec
SELECT format('CREATE ROLE %I NOLOGIN', :'readers')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'readers') \gexec

-- The database (in the server's default encoding, which should be UTF8). Only the owner and
-- the two groups may connect to it.
CREATE DATABASE :"dbname" OWNER :"owner";
REVOKE CONNECT ON DATABASE :"dbname" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"dbname" TO :"editors", :"readers";

\connect :"dbname"

-- `medskapa share` creates the project's tables in schema public, as the owner. Every table
-- and sequence the owner creates there, now or later, gets these grants: readers may read,
-- editors may read and write (and draw new numbers from the sequences of identity columns).
GRANT USAGE ON SCHEMA public TO :"editors", :"readers";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT ON TABLES TO :"readers";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"editors";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO :"editors";

-- Tables made before these grants (or restored by another role) need them given directly:
--   GRANT SELECT ON ALL TABLES IN SCHEMA public TO medskapa_readers;
--   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO medskapa_editors;
--   GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO medskapa_editors;
