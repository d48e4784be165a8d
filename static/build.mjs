// Builds static/dist/ from our Sass and GOV.UK Frontend (from node_modules, installed by `npm ci`).
// static/dist/ is generated: it is ignored by git and collected by Django like any static folder.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(here, "dist");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = sass.compile(join(here, "src", "dhr.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  // GOV.UK Frontend 5 is written for @import; these warnings are about its source, not ours.
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
});
writeFileSync(join(out, "dhr.css"), css.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
// Images only: this is not a GOV.UK service, so no GDS Transport font and no crown.
cpSync(join(govuk, "assets", "images"), join(out, "assets", "images"), { recursive: true });
for (const file of ["dhr.js", "favicon.svg", "favicon.ico"]) cpSync(join(here, "src", file), join(out, file));
console.log(`built ${out}`);
