// Audit paging walks older pages by the manager's cursor and back again; filters drop empty fields.
import { describe, expect, it } from 'vitest';
import { auditQueryFrom, currentCursor, FIRST_PAGE, newer, older, pageNumber } from './audit-paging';

describe('audit paging', () => {
  it('goes to older pages by next_cursor and back to newer ones', () => {
    const p2 = older(FIRST_PAGE, '120');
    const p3 = older(p2, '70');
    expect([currentCursor(p3), pageNumber(p3)]).toEqual(['70', 3]);
    expect(currentCursor(newer(p3))).toBe('120');
    expect(currentCursor(newer(newer(p3)))).toBeUndefined();
    expect(newer(FIRST_PAGE)).toBe(FIRST_PAGE);
    // The last page has no next cursor: "older" stays put.
    expect(older(p3, null)).toBe(p3);
  });

  it('builds the query from the filter form', () => {
    const empty = { actor: '', action: '', target: '', result: '' as const, since: '', until: '' };
    expect(auditQueryFrom(empty)).toEqual({});
    const since = '2026-01-02T03:04';
    expect(auditQueryFrom({ ...empty, actor: ' ann ', result: 'error', since, until: 'nonsense' })).toEqual({
      actor: 'ann',
      result: 'error',
      since: new Date(since).toISOString(),
    });
  });
});
