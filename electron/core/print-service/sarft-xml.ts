import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import type { SarftCallName } from '../../../shared/contract/sarft';

/**
 * The XML encoding of the four calls, driven by the same zod schemas as JSON: field names are the
 * schema's keys in PascalCase, arrays are a parent element with one child per item. No second copy
 * of the fields exists. Parsing refuses DOCTYPE and never expands entities.
 */
export const xmlRoots: Record<SarftCallName, { request: string; reply: string }> = {
  auth: { request: 'Auth', reply: 'AuthReply' },
  query: { request: 'QueryTicketInfo', reply: 'QueryTicketInfoReply' },
  applyPrint: { request: 'ApplyFetchTicket', reply: 'ApplyFetchTicketReply' },
  printResult: { request: 'FetchTicket', reply: 'FetchTicketReply' },
};

export class XmlRefused extends Error {}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  allowBooleanAttributes: false,
});

const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

/** Parses an XML request into the plain object its zod schema then validates. */
export function decodeXmlRequest(name: SarftCallName, body: string, schema: z.ZodTypeAny): unknown {
  return fromXml(schema, parseXmlRequest(name, body));
}

/** The root element's content, as fast-xml-parser gives it (elements by name; '' when empty); refuses what decodeXmlRequest refuses. */
export function parseXmlRequest(name: SarftCallName, body: string): unknown {
  if (/<!DOCTYPE|<!ENTITY|<!\[CDATA\[/iu.test(body)) throw new XmlRefused('DOCTYPE, ENTITY and CDATA are not accepted');
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(body, true) as Record<string, unknown>;
  } catch (error) {
    throw new XmlRefused(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }
  const root = xmlRoots[name].request;
  const keys = Object.keys(parsed);
  if (keys.length !== 1 || keys[0] !== root) throw new XmlRefused(`root element must be <${root}>`);
  const content = parsed[root];
  return content === '' ? {} : content;
}

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap());
  if (schema instanceof z.ZodEffects) return unwrap(schema.innerType());
  if (schema instanceof z.ZodDefault) return unwrap(schema._def.innerType);
  return schema;
}

/** Maps parsed XML onto a schema: element names are the schema keys in PascalCase, numbers as the schema asks. */
export function fromXml(schema: z.ZodTypeAny, value: unknown): unknown {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const shape = s.shape as Record<string, z.ZodTypeAny>;
    const byXmlName = new Map(Object.keys(shape).map((k) => [pascal(k), k]));
    const out: Record<string, unknown> = {};
    for (const [xmlName, v] of Object.entries(value)) {
      const key = byXmlName.get(xmlName);
      // Unknown elements keep a name no schema has, so a strict schema refuses them.
      out[key ?? `unexpected element ${xmlName}`] = key ? fromXml(shape[key]!, v) : v;
    }
    return out;
  }
  if (s instanceof z.ZodArray) {
    if (value === '') return [];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const children = Object.values(value);
    if (children.length !== 1) return value;
    const items = Array.isArray(children[0]) ? children[0] : [children[0]];
    return items.map((item) => fromXml(s.element, item));
  }
  if (s instanceof z.ZodNumber && typeof value === 'string' && /^-?\d{1,15}$/u.test(value)) return Number(value);
  return value;
}

// XML 1.0 cannot carry these control characters at all, so they are dropped rather than escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/gu;
const escapeXml = (text: string): string =>
  text
    .replace(/[&<>"']/gu, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(XML_FORBIDDEN, '');

/** Writes a reply object under the call's reply root. */
export function encodeXmlReply(name: SarftCallName, reply: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element(xmlRoots[name].reply, reply)}`;
}

function element(tag: string, value: unknown): string {
  if (value === undefined || value === null) return `<${tag}/>`;
  if (Array.isArray(value)) {
    const itemTag = value.every((v) => typeof v === 'string') ? 'TicketCode' : tag.replace(/s$/u, '');
    return `<${tag}>${value.map((v) => element(itemTag, v)).join('')}</${tag}>`;
  }
  if (typeof value === 'object') {
    return `<${tag}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(pascal(k), v))
      .join('')}</${tag}>`;
  }
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}
