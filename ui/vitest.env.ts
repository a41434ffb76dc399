// The tests' environment: Node, with modules transformed as for the browser, so that
// Svelte compiles runes for the client and their effects run (Node's own transform
// compiles them as on a server, where effects never run).
import type { Environment } from "vitest/environments";

export default {
  name: "node-client",
  transformMode: "web",
  setup() {
    return { teardown() {} };
  },
} satisfies Environment;
