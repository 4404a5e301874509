// Vite build of the viewer: React, the package's public entry under the name `cowlab`, and the
// script and styles inlined into index.html so the built page in dist/web also works opened
// from disk (Chromium refuses module scripts fetched from file://, not inline ones).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Moves the entry chunk and the CSS into the HTML and drops their files. */
function inlineBundle(): Plugin {
  return {
    name: "cowlab-inline-bundle",
    enforce: "post",
    generateBundle(_options, bundle) {
      const html = Object.values(bundle).find((f) => f.type === "asset" && f.fileName.endsWith(".html"));
      if (html === undefined || html.type !== "asset") return;
      let text = String(html.source);
      for (const [name, file] of Object.entries(bundle)) {
        const base = name.split("/").pop() ?? name;
        if (file.type === "chunk" && file.isEntry) {
          const code = file.code.replace(/<\/script/gi, "<\\/script");
          text = text.replace(new RegExp(`<script[^>]*src="[^"]*${base}"[^>]*></script>`), () => `<script type="module">${code}</script>`);
          delete bundle[name];
        } else if (file.type === "asset" && name.endsWith(".css")) {
          text = text.replace(new RegExp(`<link[^>]*href="[^"]*${base}"[^>]*>`), () => `<style>${String(file.source)}</style>`);
          delete bundle[name];
        }
      }
      html.source = text;
    },
  };
}

export default defineConfig({
  base: "./",
  plugins: [react(), inlineBundle()],
  resolve: {
    alias: { cowlab: fileURLToPath(new URL("../src/index.ts", import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    modulePreload: false,
    chunkSizeWarningLimit: 4000,
  },
  server: { host: "127.0.0.1", fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] } },
});
