import { describe, expect, it } from 'vitest';
import { hallLabel, parseSeatName, seatLabel, seatName } from '../../shared/domain/seat';

describe("seats and halls in the customer's language", () => {
  it("reads central's seat names back into row and seat", () => {
    expect(parseSeatName(seatName('5', '7'))).toEqual({ row: '5', seat: '7' });
    expect(parseSeatName('A排12座')).toEqual({ row: 'A', seat: '12' });
    expect(parseSeatName('VIP 3')).toBeUndefined();
  });

  it('formats them per locale, and leaves names of another form as they are', () => {
    expect([seatLabel('5排7座', 'zh-CN'), seatLabel('5排7座', 'en'), seatLabel('Box 2', 'en')]).toEqual([
      '5排7座',
      'Row 5 Seat 7',
      'Box 2',
    ]);
    expect([hallLabel('1号厅', 'zh-CN'), hallLabel('1号厅', 'en'), hallLabel('2号厅 IMAX', 'en'), hallLabel('VIP厅', 'en')]).toEqual([
      '1号厅',
      'Hall 1',
      'Hall 2 IMAX',
      'VIP厅',
    ]);
  });
});
