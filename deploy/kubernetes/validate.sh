#!/usr/bin/env bash
# Validates the manifests of this folder without a cluster, and tests the Ingress routing through a
# real nginx. Everything it installs goes to a temporary directory, removed at the end (KEEP=1 keeps
# it and prints where). Exits non-zero on any failure.
#
#   bash deploy/kubernetes/validate.sh
#
# Needs: bash, node >= 18 and npm (the npm registry), curl, grep with -P; kubectl for `kubectl
# kustomize` (without it the files named in kustomization.yaml are read as they are); nginx, taken
# from PATH or else unpacked from Debian's package into the temporary directory (apt-get download +
# dpkg -x; nothing is installed; as root it runs apt-get update first if the download fails).
# SKIP_NGINX=1 skips the real-nginx stage (and says so).
# UPSTREAM_KEEPALIVE_TIMEOUT: the controller's upstream-keepalive-timeout, if not the default 60.
#
# Stages:
#  1. strict YAML: every file parses with duplicate keys refused, no warning, and reads the same in
#     YAML 1.1 (Kubernetes' parser: `on`, `yes`, `010` ...) and 1.2; no tab, CR or trailing blank.
#  2. kustomize build; every *.yaml of the folder is in kustomization.yaml and comes out of the build.
#  3. each object against the Kubernetes JSON schema (npm kubernetes-models: types, required fields,
#     enums, string maps), and as a TypeScript literal of its kubernetes-types type (npm
#     kubernetes-types + typescript: an unknown or misspelt field is an error); both are first
#     shown to catch a planted error.
#  4. what the API server and ingress-nginx would refuse or misread, and how the objects fit
#     together: names, selectors, ports, references, Ingress paths (API server rules, ingress-nginx's
#     inspector and strict path rules), ingress-nginx annotation names and values (the controller's
#     own validators), timeouts against the server's settings (config/application.yaml defaults);
#     and the routes against the server's contract (src/main/resources/openapi.yaml): a contract path
#     not routed here fails, a route to a path the contract lacks is a warning (WARN).
#  5. the routing: ingress-nginx's locations of the host (regex for every path once one Ingress has
#     use-regex, `^` prepended, longest path first), each against each test path with PCRE (grep -P,
#     case-insensitive like `~*`), first match wins; also with the platform's Helm-chart Ingress
#     (`/(.*)`) beside them, and once with the anchors removed, which must fail.
#  6. the same locations in a real nginx (same config syntax as ingress-nginx writes), with curl:
#     which backend answers each request, and that the backend gets the URI as sent.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/k8s-validate.XXXXXX")
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

stage() { printf '\n== %s\n' "$*"; }
die() { echo "FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
stage "0. tools"
command -v node >/dev/null || die "node is required"
command -v npm >/dev/null || die "npm is required"
command -v curl >/dev/null || die "curl is required"
echo x | grep -qP 'x' 2>/dev/null || die "grep -P (PCRE) is required"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "node >= 18 is required (found $(node --version))"
echo "node $(node --version), npm $(npm --version), $(grep --version | head -1)"

# Pinned: the same checks on every machine.
npm install --prefix "$work/npm" --no-audit --no-fund --loglevel=error --engine-strict=false \
  yaml@2.9.1 kubernetes-models@5.1.0 kubernetes-types@1.30.0 typescript@5.9.3 >"$work/npm.log" 2>&1 \
  || { cat "$work/npm.log"; die "npm install failed"; }
echo "npm: yaml 2.9.1, kubernetes-models 5.1.0, kubernetes-types 1.30.0, typescript 5.9.3 (in $work/npm)"

# ---------------------------------------------------------------------------------------------
stage "build: kubectl kustomize (its output is what stages 2 to 4 check)"
rendered="$work/rendered.yaml"
if command -v kubectl >/dev/null 2>&1; then
  kubectl kustomize "$here" >"$rendered" || die "kubectl kustomize failed"
  echo "kubectl kustomize: $(grep -c '^kind:' "$rendered") objects ($(kubectl version --client 2>/dev/null | grep -i kustomize || true))"
else
  rendered="-"
  echo "kubectl not found: the files listed in kustomization.yaml are checked as they are (no build)"
fi

# ---------------------------------------------------------------------------------------------
cat >"$work/npm/check.mjs" <<'NODE'
// The checks of stages 1 to 4; writes the routing tables for stages 5 and 6.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const [dir, renderedFile, out, appConfigFile, keepaliveTimeout, contractFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
let passed = 0, failed = 0, warned = 0;
const warn = (m) => { warned++; console.log(`  WARN ${m}`); };
const ok = (m) => { passed++; console.log(`  ok   ${m}`); };
const bad = (m) => { failed++; console.log(`  FAIL ${m}`); };
const check = (c, m) => (c ? ok(m) : bad(m));
const stage = (m) => console.log(`\n== ${m}`);
const id = (o) => `${o?.kind}/${o?.metadata?.name}`;

// ---- 1. strict YAML ------------------------------------------------------------------------
stage('1. strict YAML (duplicate keys, warnings, YAML 1.1 vs 1.2, tabs, CR, trailing blanks)');
function firstDifference(a, b, at = '') {
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${at || '/'}: ${JSON.stringify(a)} (1.2) vs ${JSON.stringify(b)} (1.1)`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference(a[k], b[k], `${at}/${k}`);
    if (d) return d;
  }
  return null;
}
function parseStrict(file) {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  const problems = [];
  text.split('\n').forEach((line, i) => {
    if (line.includes('\t')) problems.push(`line ${i + 1}: tab`);
    if (line.includes('\r')) problems.push(`line ${i + 1}: carriage return`);
    if (/[ \t]+$/.test(line)) problems.push(`line ${i + 1}: trailing blank`);
  });
  if (text.length && !text.endsWith('\n')) problems.push('no newline at the end');
  const opts = { uniqueKeys: true, strict: true, prettyErrors: true };
  const docs12 = YAML.parseAllDocuments(text, { ...opts, version: '1.2' });
  const docs11 = YAML.parseAllDocuments(text, { ...opts, version: '1.1' });
  for (const d of [...docs12, ...docs11]) {
    for (const e of d.errors ?? []) problems.push(e.message.split('\n')[0]);
    for (const w of d.warnings ?? []) problems.push(`warning: ${w.message.split('\n')[0]}`);
  }
  const js12 = docs12.map((d) => d.toJS()).filter((d) => d !== null);
  const js11 = docs11.map((d) => d.toJS()).filter((d) => d !== null);
  const diff = firstDifference(js12, js11);
  if (diff) problems.push(`reads differently in YAML 1.1 and 1.2 (quote it): ${diff}`);
  check(problems.length === 0, `${name}${problems.length ? ': ' + [...new Set(problems)].join('; ') : ''}`);
  return js11; // Kubernetes (sigs.k8s.io/yaml) reads YAML 1.1
}
const yamlFiles = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
const parsed = Object.fromEntries(yamlFiles.map((f) => [f, parseStrict(path.join(dir, f))]));

// ---- 2. kustomization -----------------------------------------------------------------------
stage('2. kustomization: every manifest listed, every listed file present, the build complete');
const kust = parsed['kustomization.yaml']?.[0];
check(kust?.kind === 'Kustomization' && Array.isArray(kust.resources), 'kustomization.yaml lists resources');
const resources = kust?.resources ?? [];
for (const r of resources) check(fs.existsSync(path.join(dir, r)), `resource ${r} exists`);
for (const f of yamlFiles.filter((f) => f !== 'kustomization.yaml'))
  check(resources.includes(f), `${f} is in kustomization.yaml (else it is never applied)`);
const sourceObjects = resources.flatMap((r) => parsed[r] ?? []);
let objects = sourceObjects;
if (renderedFile !== '-') {
  const docs = YAML.parseAllDocuments(fs.readFileSync(renderedFile, 'utf8'), { version: '1.1', uniqueKeys: true });
  objects = docs.map((d) => d.toJS()).filter((d) => d !== null);
  const a = sourceObjects.map(id).sort().join(','), b = objects.map(id).sort().join(',');
  check(a === b, `the build has the same ${objects.length} objects as the files (${b})`);
}
const names = objects.map((o) => `${o.apiVersion} ${id(o)}`);
check(new Set(names).size === names.length, 'no object twice');
// Stage 3 checks the objects as the build outputs them, and as the files have them where they differ
// (kustomize turns an unquoted `true` annotation into a string; `kubectl apply -f` would not).
const canonical = (v) => JSON.stringify(v, (k, x) => (x && typeof x === 'object' && !Array.isArray(x)
  ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
const toValidate = [...objects.map((o) => ({ o, label: '' }))];
for (const o of sourceObjects) {
  const built = objects.find((b) => b.kind === o.kind && b.metadata?.name === o.metadata?.name);
  if (!built || canonical(built) !== canonical(o)) toValidate.push({ o, label: ' (as in its file)' });
}

// ---- 3. schemas -----------------------------------------------------------------------------
stage('3a. JSON schema of each object (kubernetes-models 5.1.0, generated from the Kubernetes OpenAPI)');
async function schemaErrors(o) {
  let Model;
  try {
    Model = (await import(`kubernetes-models/${o.apiVersion}/${o.kind}`))[o.kind];
  } catch (e) {
    return [`no schema for ${o.apiVersion} ${o.kind} (unknown kind or version)`];
  }
  try {
    new Model(structuredClone(o)).validate();
    return [];
  } catch (e) {
    return [String(e.message ?? e)];
  }
}
{
  const planted = structuredClone(objects.find((o) => o.kind === 'Ingress'));
  planted.spec.rules[0].http.paths[0].pathType = 'Regex';
  planted.metadata.annotations = { ...planted.metadata.annotations, 'x/y': true };
  const errs = await schemaErrors(planted);
  check(errs.length > 0 && /pathType/.test(errs[0]) && /annotations/.test(errs[0]),
    `the schema check catches a planted error (pathType "Regex", an annotation that is not a string)`);
}
for (const { o, label } of toValidate) {
  const errs = await schemaErrors(o);
  check(errs.length === 0, `${o.apiVersion} ${id(o)}${label}${errs.length ? ': ' + errs.join('; ') : ''}`);
}

stage('3b. no unknown field: each object as a TypeScript literal of its kubernetes-types type (1.30)');
function typecheck(objs, file, labels = []) {
  const imports = new Map();
  const body = [];
  const ranges = [];
  for (const [i, o] of objs.entries()) {
    const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['core', o.apiVersion];
    const mod = `kubernetes-types/${group.split('.')[0]}/${version}`;
    if (!imports.has(mod)) imports.set(mod, `t${imports.size}`);
    const start = body.length + 1;
    body.push(`// ${o.apiVersion} ${id(o)}`);
    body.push(...`export const doc${i}: ${imports.get(mod)}.${o.kind} = ${JSON.stringify(o, null, 2)};`.split('\n'));
    ranges.push([start, body.length, `${o.apiVersion} ${id(o)}${labels[i] ?? ''}`]);
  }
  const head = [...imports].map(([m, a]) => `import type * as ${a} from '${m}';`);
  fs.writeFileSync(path.join(out, file), [...head, ...body].join('\n') + '\n');
  fs.writeFileSync(path.join(out, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2020', module: 'commonjs', moduleResolution: 'node',
      types: [], skipLibCheck: true },
    files: [file],
  }));
  const tsc = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(out, 'tsconfig.json')], { encoding: 'utf8' });
  const errors = (r.stdout + r.stderr).split('\n').filter((l) => /error TS\d+/.test(l)).map((l) => {
    const m = l.match(/\((\d+),\d+\)/);
    const line = m ? Number(m[1]) - head.length : 0;
    const where = ranges.find(([a, b]) => line >= a && line <= b);
    return `${where ? where[2] : file}: ${l.replace(/^.*error /, '')}`;
  });
  return { status: r.status, errors };
}
{
  const planted = structuredClone(objects.filter((o) => o.kind === 'Ingress'));
  planted[0].spec.rules[0].http.paths[0].pathtype = 'Prefix';
  const { errors } = typecheck(planted, 'planted.ts');
  check(errors.some((e) => /pathtype/.test(e)), 'the type check catches a planted misspelt field (pathtype)');
}
{
  const { status, errors } = typecheck(toValidate.map((v) => v.o), 'manifests.ts', toValidate.map((v) => v.label));
  check(status === 0 && errors.length === 0, `${toValidate.length} objects, no unknown or mistyped field`);
  for (const e of errors) bad(e);
}

// ---- 4. semantics ---------------------------------------------------------------------------
stage('4. what the API server and ingress-nginx would refuse, and how the objects fit together');
const dns1123Subdomain = (s) => s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
const dns1035Label = (s) => s.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s);
const ianaSvcName = (s) => s.length <= 15 && /^[-a-z0-9]+$/.test(s) && /[a-z]/.test(s) && !/^-|-$|--/.test(s);
const labelName = (s) => s.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(s);
const labelKey = (k) => { const p = k.split('/'); return p.length === 1 ? labelName(p[0]) : p.length === 2 && dns1123Subdomain(p[0]) && labelName(p[1]); };
const labelValue = (v) => v === '' || labelName(v);
const byKind = (k) => objects.filter((o) => o.kind === k);
const find = (k, n) => objects.find((o) => o.kind === k && o.metadata?.name === n);
const matches = (sel, labels) => sel && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels?.[k] === v);

for (const o of objects) {
  const n = o.metadata?.name ?? '';
  check(o.kind === 'Service' ? dns1035Label(n) : dns1123Subdomain(n), `${id(o)}: valid name`);
  const labels = { ...(o.metadata?.labels ?? {}), ...(o.spec?.template?.metadata?.labels ?? {}) };
  const badLabels = Object.entries(labels).filter(([k, v]) => !labelKey(k) || !labelValue(String(v)));
  check(badLabels.length === 0, `${id(o)}: valid labels${badLabels.length ? ' ' + JSON.stringify(badLabels) : ''}`);
}

for (const d of byKind('Deployment')) {
  const pod = d.spec.template;
  check(matches(d.spec.selector?.matchLabels, pod.metadata?.labels), `${id(d)}: selector matches its pod labels`);
  for (const c of pod.spec.containers) {
    const ports = (c.ports ?? []).map((p) => p.name);
    check(ports.every(ianaSvcName) && new Set(ports).size === ports.length, `${id(d)}/${c.name}: port names valid and unique`);
    for (const kind of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const p = c[kind]?.httpGet?.port;
      if (p !== undefined) check(typeof p === 'number' || ports.includes(p), `${id(d)}/${c.name}: ${kind} port ${p} exists`);
    }
    for (const ref of c.envFrom ?? []) {
      if (ref.configMapRef) check(!!find('ConfigMap', ref.configMapRef.name), `${id(d)}: ConfigMap ${ref.configMapRef.name} is in the build`);
      if (ref.secretRef) check(!!find('Secret', ref.secretRef.name), `${id(d)}: Secret ${ref.secretRef.name} is in the build`);
    }
  }
}
const podsOf = (sel) => byKind('Deployment').filter((d) => matches(sel, d.spec.template.metadata?.labels));
for (const s of byKind('Service')) {
  const targets = podsOf(s.spec.selector);
  check(targets.length === 1, `${id(s)}: selector matches ${targets.length} Deployment(s) of the build`);
  const containerPorts = targets.flatMap((d) => d.spec.template.spec.containers.flatMap((c) => c.ports ?? []));
  for (const p of s.spec.ports) {
    const t = p.targetPort ?? p.port;
    check(typeof t === 'number' ? containerPorts.some((c) => c.containerPort === t) : containerPorts.some((c) => c.name === t),
      `${id(s)}: port ${p.name ?? p.port} -> targetPort ${t} is a container port`);
  }
}
for (const h of byKind('HorizontalPodAutoscaler')) {
  const t = h.spec.scaleTargetRef;
  const target = find(t.kind, t.name);
  check(!!target, `${id(h)}: scale target ${t.kind}/${t.name} is in the build`);
  check(h.spec.minReplicas <= h.spec.maxReplicas, `${id(h)}: minReplicas <= maxReplicas`);
  if (target && (h.spec.metrics ?? []).some((m) => m.resource?.name === 'cpu'))
    check(target.spec.template.spec.containers.every((c) => c.resources?.requests?.cpu),
      `${id(h)}: every container of the target requests cpu (utilization needs it)`);
}
for (const p of byKind('PodDisruptionBudget')) {
  const targets = podsOf(p.spec.selector?.matchLabels);
  check(targets.length === 1, `${id(p)}: selector matches a Deployment of the build`);
  const hpa = byKind('HorizontalPodAutoscaler').find((h) => targets.some((d) => d.metadata.name === h.spec.scaleTargetRef.name));
  const least = hpa ? hpa.spec.minReplicas : targets[0]?.spec.replicas ?? 1;
  if (typeof p.spec.minAvailable === 'number')
    check(p.spec.minAvailable < least, `${id(p)}: minAvailable ${p.spec.minAvailable} < ${least} replicas (a node drain can proceed)`);
}

// ingress-nginx annotation validators, as in the controller's source (internal/ingress/annotations).
const goBool = (v) => /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(v);
const goInt = (v) => /^[+-]?[0-9]+$/.test(v);
const noSpace = (re) => (v) => re.test(v.replaceAll(' ', ''));
const options = (...o) => (v) => o.includes(v.trim());
const ANNOTATIONS = {
  'use-regex': goBool,
  'proxy-connect-timeout': goInt, 'proxy-send-timeout': goInt, 'proxy-read-timeout': goInt,
  'proxy-next-upstream-tries': goInt, 'proxy-next-upstream-timeout': goInt,
  'proxy-next-upstream': (v) => /^((error|timeout|invalid_header|http_500|http_502|http_503|http_504|http_403|http_404|http_429|non_idempotent|off)\s?)+$/.test(v),
  'proxy-body-size': noSpace(/^\d+[bkmg]?$/i), 'proxy-buffer-size': noSpace(/^\d+[bkmg]?$/i),
  'proxy-http-version': options('1.0', '1.1'),
  'proxy-buffering': options('on', 'off'), 'proxy-request-buffering': options('on', 'off'),
  'enable-cors': goBool, 'cors-allow-credentials': goBool, 'cors-max-age': goInt,
  'cors-allow-origin': noSpace(/^((((https?:\/\/)?(\*\.)?[A-Za-z0-9\-.]*(:\d+)?,?)+)|\*)?$/),
  'cors-allow-methods': noSpace(/^([A-Za-z]+,?\s?)+$/),
  'cors-allow-headers': noSpace(/^[A-Za-z0-9-_, ]*$/),
  'cors-expose-headers': noSpace(/^(([A-Za-z0-9\-_]+|\*),?\s?)+$/),
  'ssl-redirect': goBool, 'force-ssl-redirect': goBool,
};
const PREFIX = 'nginx.ingress.kubernetes.io/';
// ingress-nginx's inspector (internal/ingress/inspector/rules.go): values that are refused anywhere
const inspectorRefuses = (v) => [/\s*alias\s*.*;/s, /\s*root\s*.*;/s, /\/etc\/(passwd|shadow|group|nginx|ingress-controller)/,
  /\/var\/run\/secrets/, /.*_by_lua.*/].some((re) => re.test(v));
const strictPathType = (p) => /^\/[A-Za-z0-9._\-/]*$/.test(p); // strict-validate-path-type, for Exact and Prefix

const appDefaults = appConfigFile && fs.existsSync(appConfigFile) ? YAML.parse(fs.readFileSync(appConfigFile, 'utf8')) : {};
const cm = byKind('ConfigMap')[0]?.data ?? {};
const setting = (k) => Number(cm[k] ?? appDefaults[k]);

const hosts = new Map(); // host -> [{path, pathType, ingress, svc, port, regex, rewrite}]
const seen = new Map();
for (const ing of byKind('Ingress')) {
  const ann = ing.metadata.annotations ?? {};
  check(ing.spec.ingressClassName === 'nginx', `${id(ing)}: ingressClassName nginx`);
  for (const [k, v] of Object.entries(ann).filter(([k]) => k.startsWith(PREFIX))) {
    const short = k.slice(PREFIX.length);
    const validator = ANNOTATIONS[short];
    check(!!validator, `${id(ing)}: annotation ${short} is one this check knows (a typo is silently ignored by the controller)`);
    if (validator) check(validator(v), `${id(ing)}: ${short}: "${v}" passes ingress-nginx's validator`);
  }
  if (ann[PREFIX + 'cors-allow-origin'])
    for (const o of ann[PREFIX + 'cors-allow-origin'].split(',').map((s) => s.trim()))
      check(/^(https?:\/\/(\*\.)?[A-Za-z0-9\-.]*(:\d+)?|\*)?$/.test(o), `${id(ing)}: CORS origin "${o}" is kept (an origin without scheme is dropped)`);
  const useRegex = ann[PREFIX + 'use-regex'] === 'true';
  const rewrite = ann[PREFIX + 'rewrite-target'] ?? '';
  for (const tls of ing.spec.tls ?? [])
    for (const h of tls.hosts ?? []) check((ing.spec.rules ?? []).some((r) => r.host === h), `${id(ing)}: TLS host ${h} has a rule`);
  for (const rule of ing.spec.rules ?? []) {
    const host = rule.host ?? '_';
    check(host === '_' || (dns1123Subdomain(host.replace(/^\*\./, 'x.')) && !/^[0-9.]+$/.test(host)), `${id(ing)}: host ${host} is a DNS name`);
    check(!inspectorRefuses(host), `${id(ing)}: host passes ingress-nginx's inspector`);
    for (const p of rule.http?.paths ?? []) {
      const where = `${id(ing)} ${p.path}`;
      // the API server (pkg/apis/networking/validation): paths must start with "/"; Exact and Prefix more
      check(p.path.startsWith('/'), `${where}: starts with "/" (the API server refuses it otherwise; ingress-nginx adds the "^")`);
      if (p.pathType !== 'ImplementationSpecific') {
        check(!['//', '/./', '/../', '%2f', '%2F'].some((s) => p.path.includes(s)) && !['/..', '/.'].some((s) => p.path.endsWith(s)),
          `${where}: ${p.pathType} path has no //, /./, /../, %2f (API server)`);
        check(strictPathType(p.path), `${where}: ${p.pathType} path passes strict-validate-path-type (ingress-nginx >= 1.12)`);
      } else {
        check(useRegex, `${where}: ImplementationSpecific path in an Ingress with use-regex`);
      }
      check(!inspectorRefuses(p.path), `${where}: passes ingress-nginx's inspector`);
      const key = `${host} ${p.path}`;
      check(!seen.has(key), `${where}: host and path not already defined in ${seen.get(key) ?? 'another Ingress'} (the admission webhook refuses a duplicate)`);
      seen.set(key, id(ing));
      const svc = p.backend.service;
      const local = find('Service', svc.name);
      if (local) {
        check(local.spec.ports.some((sp) => (svc.port.name ? sp.name === svc.port.name : sp.port === svc.port.number)),
          `${where}: backend ${svc.name}:${svc.port.name ?? svc.port.number} is a port of the Service in the build`);
      } else {
        check(dns1035Label(svc.name), `${where}: backend ${svc.name}:${svc.port.number ?? svc.port.name} is outside this build (the platform's), a valid Service name`);
      }
      if (!hosts.has(host)) hosts.set(host, []);
      hosts.get(host).push({ path: p.path, pathType: p.pathType, ingress: id(ing), cls: local ? 'sync' : 'platform',
        backend: `${svc.name}:${svc.port.name ?? svc.port.number}`, regex: useRegex, rewrite });
    }
  }
}

// The public routes: anchored, limited to the API's paths, on the host of PUBLIC_BASE_URL.
const publicBase = cm.PUBLIC_BASE_URL ? new URL(cm.PUBLIC_BASE_URL) : null;
for (const [host, locs] of hosts) {
  for (const l of locs.filter((l) => l.cls === 'sync')) {
    check(l.path.endsWith('$'), `${l.ingress} ${l.path}: anchored at the end ($)`);
    check(l.path.startsWith('/(?-i)api/v1/syncs/') || l.path.startsWith('/api/v1/syncs/'), `${l.ingress} ${l.path}: under /api/v1/syncs/`);
    if (publicBase) check(publicBase.hostname === host, `${l.ingress}: host ${host} is PUBLIC_BASE_URL's (${publicBase.hostname}), so the links point at it`);
  }
  check(locs.some((l) => l.path === '/' || l.path === '/(.*)'), `host ${host}: a catch-all path sends the rest to the platform`);
}

// Timeouts against the server's own settings (ConfigMap, else config/application.yaml defaults).
const syncIngress = byKind('Ingress').find((i) => (i.spec.rules ?? []).some((r) => (r.http?.paths ?? []).some((p) => find('Service', p.backend.service.name))));
if (syncIngress) {
  const ann = syncIngress.metadata.annotations ?? {};
  const read = Number(ann[PREFIX + 'proxy-read-timeout'] ?? 60) * 1000;
  // How long the server may leave an answer quiet while it waits for the database. A request's whole
  // database wait, the connection's (DB_CONNECT_TIMEOUT_MS) included, is bounded by one deadline of
  // DB_STATEMENT_TIMEOUT_MS, then it is a 503 (db/Deadline, paging/DatabaseRequests). Once a streamed
  // page is under way, a database that sends no rows for DB_STATEMENT_TIMEOUT_MS cuts it off, checked
  // every half of the shorter of that and STREAM_STALL_TIMEOUT_MS (paging/PageStreamer.StallBounds).
  const statementMs = setting('DB_STATEMENT_TIMEOUT_MS');
  const stallMs = setting('STREAM_STALL_TIMEOUT_MS');
  const checkMs = Math.max(1, Math.floor(Math.min(statementMs, stallMs || statementMs) / 2));
  const quiet = statementMs + checkMs;
  if (statementMs > 0)
    check(read > quiet, `proxy-read-timeout ${read / 1000} s > ${quiet / 1000} s = DB_STATEMENT_TIMEOUT_MS ${statementMs} + ${checkMs} ms (a streamed page's stall check), the longest the server waits for the database before it answers 503 or cuts the page: a stuck database gives the client the server's 503, not nginx's 504`);
  const idle = setting('HTTP_IDLE_TIMEOUT_SECONDS');
  const pool = Number(keepaliveTimeout || 60);
  check(idle === 0 || idle > pool, `HTTP_IDLE_TIMEOUT_SECONDS ${idle} > ingress-nginx's upstream-keepalive-timeout ${pool}: nginx closes idle connections first`);
  // the server's own rule (http/ServerOptions.idleTimeoutWarning): above the longest an answer may be quiet
  const answerQuiet = Math.max(statementMs, stallMs);
  check(idle === 0 || idle * 1000 > answerQuiet, `HTTP_IDLE_TIMEOUT_SECONDS ${idle} s > ${answerQuiet / 1000} s = max(DB_STATEMENT_TIMEOUT_MS, STREAM_STALL_TIMEOUT_MS) (the server's own rule: it warns at start otherwise)`);
}

// ---- routing tables for stages 5 and 6 -------------------------------------------------------
// As ingress-nginx builds a server's locations (internal/ingress/controller: location.go
// updateServerLocations, controller.go's two stable sorts, template.go buildLocation).
function locationsOf(locs) {
  const enforceRegex = locs.some((l) => l.regex || (l.rewrite && l.rewrite !== l.path));
  const list = [];
  for (const l of locs) {
    if (l.path === '/' || l.pathType !== 'Prefix' || l.regex || (l.rewrite && l.rewrite !== l.path)) { list.push(l); continue; }
    list.push({ ...l, path: l.path.endsWith('/') ? l.path : l.path + '/' });
    if (!locs.some((x) => x.pathType === 'Exact' && x.path === l.path)) list.push({ ...l, pathType: 'Exact' });
  }
  if (!list.some((l) => l.path === '/')) list.push({ path: '/', pathType: 'Prefix', cls: 'default', backend: 'default-backend', ingress: '(controller)' });
  const unique = list.filter((l, i) => list.findIndex((x) => x.path === l.path && x.pathType === l.pathType) === i);
  unique.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
  unique.sort((a, b) => b.path.length - a.path.length);
  return unique.map((l) => ({ ...l,
    modifier: enforceRegex ? '~*' : l.pathType === 'Exact' ? '=' : '',
    pattern: enforceRegex ? `^${l.path}` : l.path }));
}
const write = (name, locs) => fs.writeFileSync(path.join(out, name),
  locs.map((l) => [l.modifier, l.pattern, l.cls, l.backend, l.ingress].join('\t')).join('\n') + '\n');
check(hosts.size === 1, `one host (${[...hosts.keys()].join(', ')})`);
const [host, locs] = [...hosts][0];
fs.writeFileSync(path.join(out, 'host'), host + '\n');
write('locations-build.tsv', locationsOf(locs));
// Beside an existing platform deployment: its Helm chart's Ingress (Multiwoven/helm-charts,
// multiwoven-server-ingress.yaml: path /(.*), pathType Prefix, rewrite-target /$1, port 3000).
write('locations-with-chart.tsv', locationsOf([...locs,
  { path: '/(.*)', pathType: 'Prefix', cls: 'platform', backend: 'multiwoven-server:3000', ingress: 'Ingress/platform-helm-chart', regex: false, rewrite: '/$1' }]));
// A mutant without the anchors: the routing test must notice.
write('locations-mutant.tsv', locationsOf(locs.map((l) => (l.cls === 'sync' ? { ...l, path: l.path.replace(/\$$/, '').replace('(?-i)', '') } : l))));

// The routes against the server's contract: a path routed here that the server does not serve
// answers 404 where the platform answered before (a warning: the route may be ahead of the server).
if (contractFile && fs.existsSync(contractFile)) {
  const contract = Object.keys(YAML.parse(fs.readFileSync(contractFile, 'utf8')).paths ?? {});
  const routes = locs.filter((l) => l.cls === 'sync').map((l) => ({ path: l.path, re: new RegExp(`^${l.path.replace('(?-i)', '')}`) }));
  for (const c of contract.filter((c) => c.startsWith('/api/'))) {
    const example = c.replace(/\{[^}]+\}/g, '42');
    check(routes.some((r) => r.re.test(example)), `the contract's ${c} is routed here (tried as ${example})`);
  }
  for (const r of routes) {
    const served = contract.filter((c) => r.re.test(c.replace(/\{[^}]+\}/g, '42')));
    if (served.length) ok(`route ${r.path} serves the contract's ${served.join(', ')}`);
    else warn(`route ${r.path} matches no path of ${path.basename(contractFile)}: this build of the server answers 404 there, where the platform answered before; deploy the route with the server that serves it`);
  }
}

console.log(`\nchecker: ${passed} passed, ${failed} failed${warned ? `, ${warned} warning(s) (WARN above)` : ''}`);
process.exit(failed ? 1 : 0);
NODE

# Stages 1-4.
(cd "$work/npm" && node check.mjs "$here" "$rendered" "$work/npm" "$repo/config/application.yaml" "${UPSTREAM_KEEPALIVE_TIMEOUT:-60}" \
  "$repo/src/main/resources/openapi.yaml") \
  || die "manifest checks failed (see FAIL lines above)"
host=$(cat "$work/npm/host")

# ---------------------------------------------------------------------------------------------
# The test requests: expected backend, where it applies (both: the regex matrix and nginx; nginx:
# only nginx, which normalizes the path first: percent-decoding, `//` merged, `.` and `..` resolved;
# `%0A` comes here because PCRE's `$` also matches before a final newline), request target.
cat >"$work/cases.txt" <<'CASES'
sync     both  /api/v1/syncs/42/sync_runs
sync     both  /api/v1/syncs/42/sync_runs?status=success&page=2&per_page=50
sync     both  /api/v1/syncs/42/sync_runs/7
sync     both  /api/v1/syncs/42/sync_runs/7?x=1
sync     both  /api/v1/syncs/42/sync_runs/7/sync_records
sync     both  /api/v1/syncs/42/sync_runs/7/sync_records?page=3&per_page=100
sync     both  /api/v1/syncs/9223372036854775807/sync_runs
platform both  /api/v1/syncs
platform both  /api/v1/syncs?page=1
platform both  /api/v1/syncs/42
platform both  /api/v1/syncs/42?x=/sync_runs
platform both  /api/v1/syncs/42/sync_runs_extra
platform both  /api/v1/syncs/42/sync_runsx
platform both  /api/v1/syncs/42/sync_runs/
platform both  /api/v1/syncs/42/sync_runs.json
platform both  /api/v1/syncs/42/sync_runs/7/other
platform both  /api/v1/syncs/42/sync_runs/7/sync_records/9
platform both  /api/v1/syncs/42/sync_runs/7/sync_records.json
platform both  /api/v1/syncs/42/sync_runs/abc
platform both  /api/v1/syncs/abc/sync_runs
platform both  /api/v1/syncs/-1/sync_runs
platform both  /api/v1/syncs/4a/sync_runs
platform both  /API/V1/SYNCS/42/SYNC_RUNS
platform both  /api/v1/syncs/42/SYNC_RUNS
platform both  /api/v2/syncs/42/sync_runs
platform both  /x/api/v1/syncs/42/sync_runs
platform both  /api/v1/connectors
platform both  /api/v1/workspaces/1/syncs/42/sync_runs
platform both  /openapi.yaml
platform both  /health/live
platform both  /health/ready
platform both  /metrics
platform both  /
sync     nginx //api/v1/syncs/42/sync_runs
sync     nginx /api/v1/syncs/42/./sync_runs
sync     nginx /api/v1/syncs/%34%32/sync_runs
sync     nginx /api/v1/syncs/42/sync_runs/7/../7/sync_records
sync     nginx /api/v1/syncs/42/sync_runs%0A
platform nginx /api/v1/syncs//sync_runs
platform nginx /api/v1/syncs/42/sync_runs%2Fextra
platform nginx /api/v1/syncs/42/sync_runs%3Fpage=2
CASES

# ---------------------------------------------------------------------------------------------
# Stage 5: each location's regex against each path, as nginx's `~*` does (PCRE, caseless), on the
# path without its query string; the first location in ingress-nginx's order that matches wins.
route_matrix() { # $1 = locations file, $2 = "quiet" to print only the count of wrong answers
  local table=$1 quiet=${2:-} wrong=0 n=0 i
  local -a pats=() cls=()
  while IFS=$'\t' read -r mod pat c _rest; do
    [ "$mod" = "~*" ] || die "location $pat is not a regex location: this matrix models regex mode only"
    pats+=("$pat"); cls+=("$c")
  done <"$table"
  if [ "$quiet" != quiet ]; then
    for i in "${!pats[@]}"; do printf '  L%d  location ~* "%s"  -> %s\n' "$((i + 1))" "${pats[$i]}" "${cls[$i]}"; done
    printf '  %-9s %-9s %s  %s\n' expected got "$(for i in "${!pats[@]}"; do printf 'L%-2d' "$((i + 1))"; done)" path
  fi
  while read -r expected where target; do
    [ "$where" = both ] || continue
    local p=${target%%\?*} got="" marks=""
    for i in "${!pats[@]}"; do
      if printf '%s\n' "$p" | grep -qiP -- "${pats[$i]}"; then
        marks+="x  "; [ -n "$got" ] || got=${cls[$i]}
      else
        marks+=".  "
      fi
    done
    n=$((n + 1))
    [ "$got" = "$expected" ] || wrong=$((wrong + 1))
    [ "$quiet" = quiet ] || printf '  %-9s %-9s %s %s%s\n' "$expected" "${got:-none}" "$marks" "$target" \
      "$([ "$got" = "$expected" ] || echo '   <-- WRONG')"
  done <"$work/cases.txt"
  if [ "$quiet" = quiet ]; then echo "$wrong"; else echo "  $((n - wrong)) passed, $wrong failed"; fi
  return 0
}

stage "5. routing, regex by regex (grep -P, caseless: nginx's ~*), host $host"
while IFS=$'\t' read -r _mod pat _rest; do   # each pattern compiles as PCRE
  printf 'x\n' | grep -P -- "$pat" >/dev/null 2>"$work/pcre.err" || true
  [ ! -s "$work/pcre.err" ] || die "PCRE refuses $pat: $(cat "$work/pcre.err")"
done <"$work/npm/locations-build.tsv"
echo "-- this kustomization alone (the fallback Ingress is the catch-all)"
out=$(route_matrix "$work/npm/locations-build.tsv"); echo "$out"
echo "$out" | grep -q ' 0 failed$' || die "routing: wrong backend for some paths"
echo "-- beside the platform's Helm-chart Ingress (its /(.*) comes before our /)"
out=$(route_matrix "$work/npm/locations-with-chart.tsv"); echo "$out"
echo "$out" | grep -q ' 0 failed$' || die "routing beside the platform's Ingress: wrong backend for some paths"
mutant_wrong=$(route_matrix "$work/npm/locations-mutant.tsv" quiet)
[ "$mutant_wrong" -gt 0 ] || die "the routing test did not notice unanchored paths: it tests nothing"
echo "-- the same paths without \$ and (?-i): $mutant_wrong wrong answers, so this test does catch a loose regex"

# ---------------------------------------------------------------------------------------------
stage "6. routing through a real nginx"
if [ "${SKIP_NGINX:-0}" = 1 ]; then
  echo "SKIPPED (SKIP_NGINX=1): the regex matrix above is the only routing test of this run"
  echo; echo "validate.sh: all checks passed (nginx stage skipped)"; exit 0
fi
nginx_bin=$(command -v nginx || true)
if [ -z "$nginx_bin" ]; then
  command -v apt-get >/dev/null && command -v dpkg >/dev/null \
    || die "no nginx on PATH and no apt-get to fetch Debian's (install nginx, or SKIP_NGINX=1)"
  mkdir -p "$work/deb" && chmod 777 "$work/deb"
  if ! (cd "$work/deb" && apt-get download nginx >"$work/apt.log" 2>&1); then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >>"$work/apt.log" 2>&1 || true; fi
    (cd "$work/deb" && apt-get download nginx >>"$work/apt.log" 2>&1) || { cat "$work/apt.log"; die "apt-get download nginx failed"; }
  fi
  dpkg -x "$work"/deb/nginx_*.deb "$work/nginx-root"
  nginx_bin="$work/nginx-root/usr/sbin/nginx"
fi
echo "$("$nginx_bin" -v 2>&1) ($nginx_bin), $(ldd "$nginx_bin" 2>/dev/null | grep -o 'libpcre[^ ]*' | head -1)"

mkdir -p "$work/ngx/tmp" "$work/ngx/logs"
ngx="$work/ngx"
server_block() { # $1 = socket name, $2 = locations file: the server block as ingress-nginx writes its locations
  echo "  server {"
  echo "    listen unix:$ngx/$1.sock;"
  echo "    server_name $host;"
  while IFS=$'\t' read -r mod pat cls backend src; do
    if [ "$mod" = "~*" ]; then echo "    location ~* \"$pat\" {"; elif [ -n "$mod" ]; then echo "    location $mod $pat {"; else echo "    location $pat {"; fi
    echo "      # $src -> $backend"
    echo "      proxy_pass http://be_$cls;"
    echo "    }"
  done <"$2"
  echo "  }"
}
{
  [ "$(id -u)" != 0 ] || echo "user root;"
  cat <<CONF
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $ngx/tmp/body; proxy_temp_path $ngx/tmp/proxy; fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi; scgi_temp_path $ngx/tmp/scgi;
  # upstream keep-alive as ingress-nginx sets it up
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Host \$host;
CONF
  for b in sync platform default; do
    echo "  upstream be_$b { server unix:$ngx/be_$b.sock; keepalive 4; }"
    echo "  server { listen unix:$ngx/be_$b.sock; location / { default_type text/plain; return 200 \"$b \$request_uri\\n\"; } }"
  done
  echo "  include $ngx/server-build.conf;"
  echo "  include $ngx/server-with-chart.conf;"
  echo "}"
} >"$ngx/nginx.conf"
server_block build "$work/npm/locations-build.tsv" >"$ngx/server-build.conf"
server_block with-chart "$work/npm/locations-with-chart.tsv" >"$ngx/server-with-chart.conf"
"$nginx_bin" -t -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" >"$ngx/t.log" 2>&1 \
  || { cat "$ngx/t.log" "$ngx/logs/error.log"; die "nginx refuses the configuration"; }
echo "  nginx -t: $(grep -c . "$ngx/t.log") line(s): $(tr '\n' ' ' <"$ngx/t.log")"
echo "  the server block, as ingress-nginx writes its locations (this kustomization alone):"
sed 's/^/  /' "$ngx/server-build.conf"
"$nginx_bin" -p "$ngx" -c "$ngx/nginx.conf" -e "$ngx/logs/error.log" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do [ -S "$ngx/with-chart.sock" ] && break; sleep 0.1; done
[ -S "$ngx/with-chart.sock" ] || die "nginx did not start: $(cat "$ngx/logs/error.log")"

for scenario in build with-chart; do
  echo "-- $scenario: $([ $scenario = build ] && echo 'this kustomization alone' || echo "beside the platform's Helm-chart Ingress")"
  wrong=0; n=0
  while read -r expected where target; do
    answer=$(curl -sS --max-time 5 --path-as-is --unix-socket "$ngx/$scenario.sock" -H "Host: $host" "http://$host$target" 2>&1) || answer="curl-error $answer"
    got=${answer%% *}; uri=${answer#* }
    note=""
    [ "$got" = "$expected" ] || { note="   <-- WRONG"; wrong=$((wrong + 1)); }
    [ "$uri" = "$target" ] || { note="$note   <-- the backend got $uri"; [ "$got" != "$expected" ] || wrong=$((wrong + 1)); }
    [ "$where" = both ] || note="$note   (nginx-normalized spelling)"
    n=$((n + 1))
    printf '  %-9s %-9s %s%s\n' "$expected" "$got" "$target" "$note"
  done <"$work/cases.txt"
  echo "  $((n - wrong)) passed, $wrong failed"
  [ "$wrong" = 0 ] || die "nginx routed some requests to the wrong backend"
done
echo "  (nginx-normalized spellings sent here get the server's own answer: 404 for //, . and .. segments and %0A, which"
echo "   it knows only in their own spelling; percent-encoded digits such as %34%32 it decodes and serves)"

echo
echo "validate.sh: all checks passed"
