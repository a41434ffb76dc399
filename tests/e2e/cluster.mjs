// A throwaway PostgreSQL cluster for the e2e tests of shared projects (scripts/pg-cluster):
// it stops when its standard input closes.
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Start a cluster of our own; resolves to its process and its URL (the superuser's). */
export function startCluster() {
  const child = spawn("bash", [path.join(here, "../../scripts/pg-cluster")], { stdio: ["pipe", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      lines.close();
      if (line.startsWith("postgresql://")) resolve({ child, url: line.trim() });
      else reject(new Error(`scripts/pg-cluster printed no address: ${line}`));
    });
    child.once("exit", (code) => reject(new Error(`scripts/pg-cluster exited (${code}) before printing an address`)));
    child.once("error", reject);
  });
}

/** Stop a cluster started by startCluster and wait until it is gone. */
export async function stopCluster(cluster) {
  if (!cluster) return;
  const gone = new Promise((resolve) => cluster.child.once("exit", resolve));
  cluster.child.stdin.end();
  await gone;
}

/** The URL's socket folder and port. */
export function socketOf(url) {
  const q = new URL(url.replace(/^postgresql:\/\/[^/]*\//, "http://x/")).searchParams;
  return { host: q.get("host"), port: q.get("port") };
}

/** The address of database `db` as `user` (with `password` in it, if given). */
export function addressOf(url, db, user, password) {
  const { host, port } = socketOf(url);
  const who = password ? `${user}:${encodeURIComponent(password)}` : user;
  return `postgresql://${who}@/${db}?host=${host}&port=${port}`;
}

export function psql(url, sql) {
  return execFileSync("psql", ["-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql], { encoding: "utf8" });
}
