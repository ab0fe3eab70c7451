/**
 * The part of OData v3's query options the seed's examples use (seed 003 §1, §3.1, §3.2):
 * `$format=json`, `$select` (with `Nav/Prop` paths), `$expand` (`Sessions/Attributes`) and
 * `$filter` as conjunctions of `Prop op literal` (`eq ne gt ge lt le`; `'text'`, `datetime'…'`,
 * numbers, `true`/`false`). Names are case-sensitive, as the seed warns. Anything else is refused
 * the way an OData service refuses it: HTTP 400 with an `odata.error` body.
 *
 * Our assumption beyond the seed: without `$format=json` we still answer JSON (the seed always sends
 * it; a real service would answer Atom XML).
 */
export type Entity = Record<string, unknown>;

export interface EntityType {
  name: string;
  properties: readonly string[];
  /** Navigation properties and the entity type each leads to. */
  navigation?: Readonly<Record<string, EntityType>>;
}

export interface ODataQuery {
  select: SelectTree | null;
  expand: Set<string>;
  filter: ((entity: Entity) => boolean) | null;
}

/** `null` at a node: the whole property; a tree: only these members. */
type SelectTree = Map<string, SelectTree | null>;

export class ODataError extends Error {}

export function odataErrorBody(message: string) {
  return { 'odata.error': { code: '', message: { lang: 'en-US', value: message } } };
}

export function parseQuery(params: URLSearchParams, type: EntityType): ODataQuery {
  const expand = new Set<string>();
  for (const path of list(params.get('$expand'))) {
    checkPath(path, type, true);
    const parts = path.split('/');
    parts.forEach((_, i) => expand.add(parts.slice(0, i + 1).join('/')));
  }
  const selectPaths = list(params.get('$select'));
  for (const path of selectPaths) {
    checkPath(path, type, false);
    const navigations = path.split('/').slice(0, -1);
    navigations.forEach((_, i) => {
      const prefix = navigations.slice(0, i + 1).join('/');
      if (!expand.has(prefix)) throw new ODataError('Only properties specified in $expand can be traversed in $select query options.');
    });
  }
  const filterText = params.get('$filter');
  return {
    select: selectPaths.length > 0 ? selectTree(selectPaths) : null,
    expand,
    filter: filterText ? parseFilter(filterText, type) : null,
  };
}

/** Applies `$select` and `$expand` to one entity: navigation properties appear only when expanded. */
export function project(entity: Entity, type: EntityType, query: ODataQuery, prefix = ''): Entity {
  const tree = prefix ? subtree(query.select, prefix) : query.select;
  const out: Entity = {};
  for (const [key, value] of Object.entries(entity)) {
    const navType = type.navigation && Object.hasOwn(type.navigation, key) ? type.navigation[key] : undefined;
    const path = prefix ? `${prefix}/${key}` : key;
    if (navType) {
      if (!query.expand.has(path)) continue;
      if (tree && !tree.has(key) && !tree.has('*')) continue;
      out[key] = Array.isArray(value) ? value.map((v: Entity) => project(v, navType, query, path)) : value;
      continue;
    }
    if (tree && !tree.has(key) && !tree.has('*')) continue;
    out[key] = value;
  }
  return out;
}

function subtree(select: SelectTree | null, prefix: string): SelectTree | null {
  let node: SelectTree | null = select;
  for (const part of prefix.split('/')) {
    if (!node) return null;
    const next = node.get(part);
    if (next === undefined) return new Map();
    node = next;
  }
  return node;
}

function selectTree(paths: string[]): SelectTree {
  const root: SelectTree = new Map();
  for (const path of paths) {
    const parts = path.split('/');
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        if (!node.has(part)) node.set(part, null);
        return;
      }
      let next = node.get(part);
      if (!next) {
        next = new Map();
        node.set(part, next);
      }
      node = next;
    });
  }
  return root;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/u;

function checkPath(path: string, type: EntityType, navigationOnly: boolean): void {
  let current = type;
  const parts = path.split('/');
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    if (last && !navigationOnly && part === '*') return;
    // Not echoed unless it is a plain name: a reply never carries what a caller smuggled in.
    if (!NAME.test(part)) throw new ODataError('Syntax error in $select or $expand.');
    const nav = current.navigation && Object.hasOwn(current.navigation, part) ? current.navigation[part] : undefined;
    if (nav) {
      current = nav;
      return;
    }
    if (last && !navigationOnly && current.properties.includes(part)) return;
    throw new ODataError(`Could not find a property named '${part}' on type '${current.name}'.`);
  });
}

function list(raw: string | null): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

type Literal = string | number | boolean | Date;
/** One `Prop op literal`, then `and` or the end; sticky, so clauses are read left to right and quotes stay whole. */
const CLAUSE =
  /\s*([A-Za-z][A-Za-z0-9]*)\s+(eq|ne|gt|ge|lt|le)\s+(datetime'[^']*'|'(?:[^']|'')*'|-?\d+(?:\.\d+)?|true|false|null)\s*(?:and(?=\s)|$)/uy;

/** `$filter` as `A eq 'x' and B gt datetime'2015-08-08'` (seed 003 §1's example). */
export function parseFilter(text: string, type: EntityType): (entity: Entity) => boolean {
  const clauses: ((entity: Entity) => boolean)[] = [];
  CLAUSE.lastIndex = 0;
  while (CLAUSE.lastIndex < text.length) {
    const at = CLAUSE.lastIndex;
    const m = CLAUSE.exec(text);
    if (!m) throw new ODataError(`Syntax error in $filter at position ${at}.`);
    const [, property, op, rawLiteral] = m as unknown as [string, string, string, string];
    if (!type.properties.includes(property)) throw new ODataError(`Could not find a property named '${property}' on type '${type.name}'.`);
    const literal = parseLiteral(rawLiteral);
    clauses.push((entity: Entity) => compare(entity[property], op, literal));
  }
  if (clauses.length === 0) throw new ODataError('Syntax error in $filter at position 0.');
  return (entity) => clauses.every((c) => c(entity));
}

function parseLiteral(raw: string): Literal | null {
  if (raw === 'null') return null;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw.startsWith('datetime')) {
    const text = raw.slice("datetime'".length, -1);
    const date = new Date(`${text}${text.length === 10 ? 'T00:00:00' : ''}Z`);
    if (Number.isNaN(date.getTime())) throw new ODataError(`Unrecognized 'Edm.DateTime' literal '${raw}'.`);
    return date;
  }
  if (raw.startsWith("'")) return raw.slice(1, -1).replaceAll("''", "'");
  return Number(raw);
}

function compare(value: unknown, op: string, literal: Literal | null): boolean {
  const left = literal instanceof Date && typeof value === 'string' ? new Date(`${value}Z`).getTime() : value;
  const right = literal instanceof Date ? literal.getTime() : literal;
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    default: {
      if (left === null || right === null || typeof left !== typeof right) return false;
      const a = left as number | string;
      const b = right as number | string;
      if (op === 'gt') return a > b;
      if (op === 'ge') return a >= b;
      if (op === 'lt') return a < b;
      return a <= b;
    }
  }
}
