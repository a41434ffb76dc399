/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Tauri serves ui/dist from the binary; the dev server is only for working on the UI.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  base: "./",
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    sourcemap: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "logic",
          include: ["src/**/*.test.ts"],
          exclude: ["src/**/*.svelte.test.ts"],
          environment: "node",
        },
      },
      {
        // Tests of runes: Svelte must compile them for the client, or effects never run, and
        // `svelte` must be its browser build, or `untrack` does not untrack.
        extends: true,
        resolve: { conditions: ["browser"] },
        test: { name: "runes", include: ["src/**/*.svelte.test.ts"], environment: "./vitest.env.ts" },
      },
    ],
  },
});
