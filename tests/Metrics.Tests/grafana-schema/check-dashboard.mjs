#!/usr/bin/env node
// check-dashboard.mjs DASHBOARD.json
//
// Validates a Grafana dashboard JSON file against the types of @grafana/schema (the package Grafana publishes from
// its CUE kinds; Grafana itself cannot be installed here), with the TypeScript compiler:
//
//  1. the dashboard declares the schemaVersion that this @grafana/schema describes (defaultDashboard.schemaVersion);
//  2. the JSON text, verbatim, is type-checked as `Json<CheckedDashboard>` with `satisfies`, so TypeScript's
//     excess-property check rejects any key the schema does not know (a typo is an error, not an ignored key):
//     the document against `Dashboard`, and each panel, selected by its `type`, against that panel plugin's own
//     `Options` and `FieldConfig` types (the generic `Panel` type declares options as Record<string, unknown>);
//  3. what the types cannot say and Grafana relies on: unique panel ids, every panel inside the 24-column grid,
//     unique refIds per panel, and every $variable used in a query declared in templating (or one of Grafana's
//     built-ins); and no panel of a plugin this checker has no types for.
//
// Exit status: 0 valid, 1 invalid (one line per problem, FILE:LINE:COLUMN for type errors), 2 usage or I/O error.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defaultDashboard } from '@grafana/schema';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message) {
  console.error(`check-dashboard: ${message}`);
  process.exit(2);
}

if (process.argv.length !== 3) fail('usage: node check-dashboard.mjs DASHBOARD.json');
const dashboardPath = path.resolve(process.argv[2]);
let jsonText;
try {
  jsonText = fs.readFileSync(dashboardPath, 'utf8');
} catch (e) {
  fail(`cannot read ${dashboardPath}: ${e.message}`);
}
let dashboard;
try {
  dashboard = JSON.parse(jsonText);
} catch (e) {
  console.error(`${dashboardPath}: not JSON: ${e.message}`);
  process.exit(1);
}

const schemaPackage = JSON.parse(fs.readFileSync(path.join(here, 'node_modules/@grafana/schema/package.json'), 'utf8'));
const problems = [];

// 1. The schema version.
if (dashboard.schemaVersion !== defaultDashboard.schemaVersion) {
  problems.push(`${dashboardPath}: schemaVersion ${dashboard.schemaVersion} is not ${defaultDashboard.schemaVersion}, ` +
    `the version @grafana/schema ${schemaPackage.version} describes`);
}

// 2. The types. The panel plugins this dashboard uses: the module of @grafana/schema with each one's Options, and the
// type of its custom field config (stat and bargauge have none of their own: theirs must stay empty). Another
// plugin needs a line here.
const panelPlugins = {
  timeseries: { module: 'TimeSeries', custom: 'TimeSeries.FieldConfig' },
  stat: { module: 'Stat', custom: 'Record<string, never>' },
  bargauge: { module: 'BarGauge', custom: 'Record<string, never>' },
  table: { module: 'Table', custom: 'Table.FieldConfig' },
};
const imports = Object.entries(panelPlugins).map(([id, { module }]) =>
  `import type * as ${module} from '@grafana/schema/dist/esm/raw/composable/${id}/panelcfg/x/${module}PanelCfg_types.gen';`);
const source = [
  `import type { Dashboard, Panel, RowPanel, FieldConfig, FieldConfigSource, DataQuery } from '@grafana/schema';`,
  ...imports,
  ``,
  `// JSON carries an enum's value, not the TypeScript enum: every string enum becomes the union of its values.`,
  `type Json<T> = T extends string ? \`\${T}\` : T extends number | boolean | null | undefined ? T`,
  `  : T extends ReadonlyArray<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]: Json<T[K]> } : T;`,
  ``,
  `// A Prometheus query as Grafana stores it. @grafana/schema does not carry it; transcribed from Grafana's`,
  `// public/app/plugins/datasource/prometheus/dataquery.cue (PromQuery).`,
  `interface PromQuery extends DataQuery {`,
  `  expr: string; instant?: boolean; range?: boolean; exemplar?: boolean; editorMode?: 'code' | 'builder';`,
  `  format?: 'time_series' | 'table' | 'heatmap'; legendFormat?: string; intervalFactor?: number; interval?: string;`,
  `}`,
  ``,
  `type PanelOf<K extends string, O, C> = Omit<Panel, 'type' | 'options' | 'fieldConfig' | 'targets'> & {`,
  `  type: K; options: O; targets: PromQuery[];`,
  `  fieldConfig: Omit<FieldConfigSource, 'defaults'> & { defaults: Omit<FieldConfig, 'custom'> & { custom?: C } };`,
  `};`,
  `type KnownPanel =`,
  ...Object.entries(panelPlugins).map(([id, { module, custom }]) => `  | PanelOf<'${id}', ${module}.Options, ${custom}>`),
  `  ;`,
  `type CheckedRow = Omit<RowPanel, 'panels'> & { panels: KnownPanel[] };`,
  `type CheckedDashboard = Omit<Dashboard, 'panels'> & { panels: Array<KnownPanel | CheckedRow> };`,
  ``,
  `export const dashboard = (`,
];
const jsonFirstLine = source.length; // 0-based line of the JSON's first line in the generated source
const footer = [
  `) satisfies Json<CheckedDashboard>;`,
  `// The narrowed panel types must still be Dashboard panels: a drift here is a bug in this checker.`,
  `export const asDashboard: Json<Dashboard> = dashboard;`,
  ``,
];
const generated = source.join('\n') + '\n' + jsonText.replace(/\s+$/, '') + '\n' + footer.join('\n');

const virtualFile = path.join(here, '__dashboard__.ts');
const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  skipLibCheck: true,
  types: [],
};
const host = ts.createCompilerHost(options);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion, ...rest) =>
  path.resolve(fileName) === virtualFile
    ? ts.createSourceFile(fileName, generated, languageVersion, true)
    : getSourceFile(fileName, languageVersion, ...rest);
const fileExists = host.fileExists.bind(host);
host.fileExists = (fileName) => path.resolve(fileName) === virtualFile || fileExists(fileName);
const readFile = host.readFile.bind(host);
host.readFile = (fileName) => (path.resolve(fileName) === virtualFile ? generated : readFile(fileName));

const program = ts.createProgram([virtualFile], options, host);
for (const d of ts.getPreEmitDiagnostics(program)) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n    ');
  if (d.file && d.start !== undefined && path.resolve(d.file.fileName) === virtualFile) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const jsonLine = line - jsonFirstLine;
    const where = jsonLine >= 0 && jsonLine < jsonText.split('\n').length
      ? `${dashboardPath}:${jsonLine + 1}:${character + 1}`
      : `${dashboardPath} (checker line ${line + 1})`;
    problems.push(`${where}: ${message}`);
  } else {
    problems.push(`${d.file ? d.file.fileName : 'typescript'}: ${message}`);
  }
}

// 3. What Grafana relies on beyond the types.
const builtIns = new Set(['__interval', '__interval_ms', '__rate_interval', '__rate_interval_ms', '__range', '__range_s',
  '__range_ms', '__from', '__to', '__dashboard', '__name', '__org', '__user', '__timeFilter']);
const declared = new Set((dashboard.templating?.list ?? []).map((v) => v.name));
const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.type === 'row' ? p.panels ?? [] : [])]);
const ids = new Map();
for (const p of panels) {
  const name = `panel ${p.id} "${p.title ?? ''}"`;
  if (ids.has(p.id)) problems.push(`${dashboardPath}: ${name}: id ${p.id} is also panel "${ids.get(p.id)}"`);
  ids.set(p.id, p.title);
  if (p.type !== 'row' && !(p.type in panelPlugins))
    problems.push(`${dashboardPath}: ${name}: panel type "${p.type}" is not one this checker knows; add it to panelPlugins`);
  const g = p.gridPos;
  if (!g) problems.push(`${dashboardPath}: ${name}: no gridPos`);
  else if (g.x < 0 || g.w < 1 || g.h < 1 || g.x + g.w > 24) problems.push(`${dashboardPath}: ${name}: gridPos ${JSON.stringify(g)} leaves the 24-column grid`);
  const refIds = new Set();
  for (const t of p.targets ?? []) {
    if (refIds.has(t.refId)) problems.push(`${dashboardPath}: ${name}: refId ${t.refId} used twice`);
    refIds.add(t.refId);
    for (const [, a, b] of String(t.expr ?? '').matchAll(/\$(?:\{(\w+)(?::\w+)?\}|(\w+))/g)) {
      const variable = a ?? b;
      if (!declared.has(variable) && !builtIns.has(variable))
        problems.push(`${dashboardPath}: ${name}: query ${t.refId} uses $${variable}, which templating does not declare`);
    }
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`ok: ${path.basename(dashboardPath)}: schemaVersion ${dashboard.schemaVersion}, ${panels.length} panels, ` +
  `${declared.size} variables, valid for @grafana/schema ${schemaPackage.version}`);
