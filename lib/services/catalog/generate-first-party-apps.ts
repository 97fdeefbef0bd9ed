/**
 * Writes first-party-apps.json: Microsoft first-party application ids → display names, used to name the apps a
 * conditional-access policy targets. Source: merill/microsoft-info (MIT), _info/MicrosoftApps.json at commit
 * 43b8a5d9fb6648f3ef36ec051acd988fdd19558b.
 *   npx tsx lib/services/catalog/generate-first-party-apps.ts path/to/MicrosoftApps.json
 */
import fs from "node:fs";
import path from "node:path";

const input = process.argv[2];
if (!input) throw new Error("usage: generate-first-party-apps.ts path/to/MicrosoftApps.json (merill/microsoft-info)");
const list = JSON.parse(fs.readFileSync(input, "utf8")) as { AppId: string; AppDisplayName: string }[];
const apps: Record<string, string> = {};
for (const a of [...list].sort((x, y) => x.AppId.localeCompare(y.AppId))) {
  const id = a.AppId.toLowerCase();
  if (/^[0-9a-f-]{36}$/.test(id) && a.AppDisplayName && !apps[id]) apps[id] = a.AppDisplayName;
}
const out = {
  provenance: {
    source:
      "https://github.com/merill/microsoft-info/blob/43b8a5d9fb6648f3ef36ec051acd988fdd19558b/_info/MicrosoftApps.json",
    license: "MIT",
    generatedBy: "lib/services/catalog/generate-first-party-apps.ts",
    count: Object.keys(apps).length,
  },
  apps,
};
fs.writeFileSync(path.join(import.meta.dirname, "first-party-apps.json"), `${JSON.stringify(out)}\n`);
console.log(`wrote ${out.provenance.count} apps`);
