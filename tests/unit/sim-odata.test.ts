import { describe, expect, it } from 'vitest';
import { ODataError, parseFilter, parseQuery, project, type EntityType } from '../../electron/simulator/sale/odata';

/** The simulator's OData query options (seed 003 §1: $format, $filter, $select; §3.2: $expand). */
const attribute: EntityType = { name: 'T.Attribute', properties: ['Description'] };
const session: EntityType = { name: 'T.Session', properties: ['SessionId', 'Showtime'], navigation: { Attributes: attribute } };
const film: EntityType = { name: 'T.Film', properties: ['Id', 'Title', 'RunTime'], navigation: { Sessions: session } };
const row = {
  Id: 'F1',
  Title: "Rock 'n' Roll",
  RunTime: '97',
  Sessions: [{ SessionId: '1', Showtime: '2016-10-19T10:30:00', Attributes: [{ Description: '3D' }] }],
};
const query = (text: string) => parseQuery(new URLSearchParams(text), film);

describe('simulator OData options', () => {
  it('$select keeps only the named members, nested ones inside expanded navigation properties', () => {
    expect(project(row, film, query('$select=Title'))).toEqual({ Title: "Rock 'n' Roll" });
    expect(
      project(row, film, query('$expand=Sessions/Attributes&$select=Title,Sessions/SessionId,Sessions/Attributes/Description')),
    ).toEqual({
      Title: "Rock 'n' Roll",
      Sessions: [{ SessionId: '1', Attributes: [{ Description: '3D' }] }],
    });
  });

  it('$select=* keeps every member', () => {
    expect(project(row, film, query('$select=*'))).toEqual({ Id: 'F1', Title: "Rock 'n' Roll", RunTime: '97' });
  });

  it('navigation properties appear only when expanded, each level on its own', () => {
    expect(project(row, film, query(''))).toEqual({ Id: 'F1', Title: "Rock 'n' Roll", RunTime: '97' });
    expect(project(row, film, query('$expand=Sessions'))).toEqual({
      ...row,
      Sessions: [{ SessionId: '1', Showtime: '2016-10-19T10:30:00' }],
    });
  });

  it('refuses unknown names (case-sensitive) and $select through what is not expanded', () => {
    expect(() => query('$expand=constructor')).toThrow(ODataError);
    expect(() => query('$select=__proto__/x')).toThrow(ODataError);
    expect(() => query('$select=Ti\u007ftle')).toThrow('Syntax error in $select or $expand.');
    expect(() => query('$select=title')).toThrow(ODataError);
    expect(() => query('$expand=sessions')).toThrow("Could not find a property named 'sessions' on type 'T.Film'.");
    expect(() => query('$select=Sessions/SessionId')).toThrow(
      'Only properties specified in $expand can be traversed in $select query options.',
    );
  });

  it('$filter: eq, ne, gt, ge, lt, le joined by and; quoted strings with doubled quotes; datetime literals', () => {
    const matches = (text: string) => parseFilter(text, film)(row);
    expect(matches("Title eq 'Rock ''n'' Roll'")).toBe(true);
    expect(parseFilter("Title eq 'Salt and Pepper' and Id eq 'F1'", film)({ ...row, Title: 'Salt and Pepper' })).toBe(true);
    expect(matches("Id ne 'F1'")).toBe(false);
    expect(matches("RunTime ge '97' and RunTime le '97'")).toBe(true);
    const at = (text: string) => parseFilter(text, session)(row.Sessions[0]!);
    expect(at("Showtime gt datetime'2016-10-19' and Showtime lt datetime'2016-10-20'")).toBe(true);
    expect(at("Showtime gt datetime'2016-10-19T10:30:00'")).toBe(false);
    expect(() => parseFilter("Title eq 'a' or Id eq 'b'", film)).toThrow(ODataError);
    expect(() => parseFilter("Title eq 'a' and", film)).toThrow(ODataError);
    expect(() => parseFilter('', film)).toThrow(ODataError);
    expect(() => parseFilter("Showtime gt datetime'yesterday'", session)).toThrow(ODataError);
    expect(() => parseFilter("Nope eq 'x'", film)).toThrow("Could not find a property named 'Nope' on type 'T.Film'.");
  });
});
